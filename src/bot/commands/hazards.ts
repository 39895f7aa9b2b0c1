/** 隐患: the unit's open hazards; 隐患 整改 <编号> <说明>: close one (a photo may follow). */
import { commandTexts } from "../../../templates/commands.js";
import { ask, questions } from "../../../templates/questions.js";
import { safetyTexts as s } from "../../../templates/safety.js";
import { parseNumber } from "../../forms/parse/numbers.js";
import { openHazards, rectifyHazard } from "../../kinds/capabilities/hazard-ledger/ledger.js";
import type { Conversations, FormProvider } from "../conversation.js";
import type { Command } from "./registry.js";

/** The optional photo after 整改: a soft form that another command ends silently. */
export const rectifyPhotoProvider: FormProvider = {
  id: "rectify-photo",
  soft: true,
  build: (context) => ({
    id: "rectify-photo",
    title: s.rectifyPhotoTitle(Number(context.number)),
    autoSubmit: true,
    fields: [{ key: "photo", type: "image", ...ask(questions.rectifyPhoto.photo), optional: true }],
  }),
  async submit(ctx, state) {
    await ctx.db.conversation.deleteMany({ where: { personId: ctx.person.id } });
    const photo = state.answers.photo;
    if (photo && typeof photo === "object" && "photoId" in photo) {
      await ctx.db.hazard.update({ where: { id: Number(state.context.hazardId) }, data: { rectifyPhotoId: Number(photo.photoId) } });
      ctx.reply(s.rectifyPhotoSaved(Number(state.context.number)));
    } else ctx.reply(s.rectifyNoPhoto());
  },
};

export function hazardCommand(convos: Conversations): Command {
  return {
    id: "hazards",
    names: ["隐患"],
    alias: "/hazards",
    roles: ["principal", "reporter"],
    ...commandTexts.hazards,
    async run(ctx, args) {
      const unit = ctx.person.unit;
      if (args[0] !== "整改") {
        const list = await openHazards(ctx.db, unit.id, ctx.today);
        return ctx.reply(s.hazardList(unit.name, list.map(s.hazardLine)));
      }
      const n = parseNumber(args[1] ?? "");
      const note = args.slice(2).join(" ").trim();
      if (n?.unit !== "" || !Number.isInteger(n.value) || n.value < 1 || !note) return ctx.reply(s.rectifyUsage());
      const r = await rectifyHazard(ctx.db, unit.id, n.value, note.slice(0, 300), ctx.person.id, ctx.now);
      if (!r.ok) {
        return ctx.reply(
          r.reason === "not-found"
            ? s.rectifyNotFound(n.value)
            : r.reason === "withdrawn"
              ? s.rectifyWithdrawn(n.value)
              : s.rectifyAlready(n.value),
        );
      }
      await ctx.audit("hazard.rectify", `unit ${unit.id} hazard ${n.value}`, { note });
      // The reply already asks for the photo: the form starts without its own question.
      await convos.start(ctx, "rectify-photo", { hazardId: r.hazardId, number: n.value }, [s.rectified(n.value)], { silent: true });
    },
  };
}
