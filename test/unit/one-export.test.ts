import { describe, expect, it } from "vitest";
import { onePerPerson } from "../../src/exports/export.js";

describe("one export per person at a time", () => {
  it("builds nothing for a person whose export is still being built, and builds again once it is done", async () => {
    let release = () => {};
    const first = onePerPerson(7, () => new Promise<string>((r) => (release = () => r("first"))));
    let built = false;
    expect(
      await onePerPerson(7, async () => {
        built = true;
        return "second";
      }),
    ).toBeNull();
    expect(built).toBe(false);
    expect(await onePerPerson(8, async () => "someone else")).toBe("someone else");
    release();
    expect(await first).toBe("first");
    expect(await onePerPerson(7, async () => "again")).toBe("again");
  });
});
