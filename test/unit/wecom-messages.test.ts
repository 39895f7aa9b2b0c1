import { describe, expect, it } from "vitest";
import type { InboundEvent } from "../../src/chat/inbound.js";
import { type IgnoredCallback, toInboundEvent } from "../../src/wecom/messages.js";
import { parseXml } from "../../src/wecom/xml.js";
import { xmlPayloads } from "../support/wecom-fixtures.js";

const at = new Date("2022-03-07T01:00:00Z");
const parse = (name: string) => {
  const p = xmlPayloads.find((x) => x.name === name);
  if (!p) throw new Error(`no payload ${name}`);
  return toInboundEvent(p.xml, at);
};
const as = <K extends InboundEvent["kind"]>(e: InboundEvent | IgnoredCallback, kind: K) => {
  expect(e.kind).toBe(kind);
  return e as Extract<InboundEvent, { kind: K }>;
};

describe("turning WeCom's callback XML into InboundEvents", () => {
  it.each(xmlPayloads.map((p) => [p.name]))("reads %s without error", (name) => {
    const e = parse(name);
    expect(["text", "image", "unsupported", "event", "ignored"]).toContain(e.kind);
  });

  it("keeps 19-digit MsgIds as exact strings", () => {
    const e = as(parse("05-text.xml"), "text");
    expect(e.msgId).toBe("4363689963896700987");
    expect(e.id).toBe("msg:4363689963896700987");
  });

  it("keeps a numeric-looking Content as a string and an emoji code ending in ]", () => {
    expect(as(parse("08-text.xml"), "text").text).toBe("1122525");
    expect(as(parse("06-text.xml"), "text").text).toBe("[呲牙]");
  });

  it("reads plain values without CDATA, in Chinese", () => {
    expect(as(parse("04-text.xml"), "text").text).toBe("你好");
  });

  it("ignores unknown extra fields such as <Id>", () => {
    expect(as(parse("07-text.xml"), "text").text).toBe("this is a test");
  });

  it("reads an image's MediaId whatever the field order", () => {
    const e = as(parse("10-image.xml"), "image");
    expect(e.mediaId.length).toBeGreaterThan(0);
    expect(e.msgId).toMatch(/^\d+$/);
  });

  it.each([
    ["11-voice.xml", "voice"],
    ["13-video.xml", "video"],
    ["14-location.xml", "location"],
    ["17-link.xml", "link"],
  ])("marks %s as an unsupported %s message", (name, type) => {
    expect(as(parse(name), "unsupported").messageType).toBe(type);
  });

  it("reads enter_agent, subscribe and click with their keys", () => {
    expect(as(parse("19-event-enter_agent.xml"), "event")).toMatchObject({ event: "enter_agent", eventKey: "" });
    expect(as(parse("18-event-subscribe.xml"), "event")).toMatchObject({ event: "subscribe" });
    expect(as(parse("28-event-click.xml"), "event")).toMatchObject({ event: "click", eventKey: "EVENTKEY" });
  });

  it("reads a template card event with its task and every selected option", () => {
    const e = as(parse("35-event-template_card_event.xml"), "event");
    expect(e).toMatchObject({ event: "template_card_event", taskId: "taskid111", cardType: "text_notice", responseCode: "ResponseCode" });
    if (e.event !== "template_card_event") throw new Error("narrowing");
    expect(e.selected).toEqual([
      { questionKey: "QuestionKey1", optionIds: ["OptionId1", "OptionId2"] },
      { questionKey: "QuestionKey2", optionIds: ["OptionId3", "OptionId4"] },
    ]);
  });

  it("ignores events it does not handle, such as LOCATION and change_contact", () => {
    expect(parse("21-event-LOCATION.xml")).toMatchObject({ kind: "ignored", event: "LOCATION" });
    expect(parse("24-event-change_contact-create_party.xml")).toMatchObject({ kind: "ignored", event: "change_contact" });
    expect(parse("40-event-change_external_contact.xml")).toMatchObject({ kind: "ignored" });
  });

  it("keeps a leading space in a value", () => {
    const node = parseXml(xmlPayloads.find((p) => p.name.startsWith("34-"))?.xml ?? "");
    const info = node.SendLocationInfo as Record<string, unknown>;
    expect(info.Label).toBe(" 广州市海珠区客村艺苑路 106号");
  });

  it("gives two clicks of one user in one second different ids when their keys differ, the same when identical", () => {
    const xml = (key: string) =>
      `<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>click</Event><EventKey>${key}</EventKey></xml>`;
    const a = as(toInboundEvent(xml("安全检查"), at), "event");
    const b = as(toInboundEvent(xml("我的"), at), "event");
    const c = as(toInboundEvent(xml("安全检查"), at), "event");
    expect(a.id).not.toBe(b.id);
    expect(a.id).toBe(c.id);
  });

  it("refuses XML with a DOCTYPE, deep nesting, or no <xml> root", () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><xml><Content>&lol2;</Content></xml>`;
    expect(() => parseXml(bomb)).toThrow(/ParseXmlError/);
    expect(() => parseXml(`<xml>${"<a>".repeat(100)}x${"</a>".repeat(100)}</xml>`)).toThrow(/nesting/);
    expect(() => parseXml("<html></html>")).toThrow(/ParseXmlError/);
    expect(() => parseXml("not xml at all")).toThrow(/ParseXmlError/);
  });

  it("refuses a text message without a MsgId", () => {
    expect(() =>
      toInboundEvent("<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content></xml>", at),
    ).toThrow(/MsgId/);
  });
});
