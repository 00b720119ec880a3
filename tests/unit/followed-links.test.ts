import { describe, expect, it } from "vitest";
import { followsInApp } from "../../app/components/followed-links";

const ORIGIN = "https://market.example.cn";
const click = { button: 0, metaKey: false, altKey: false, ctrlKey: false, shiftKey: false, defaultPrevented: false };
const anchor = (href: string, target = "", attributes: string[] = []) => ({ href, target, hasAttribute: (name: string) => attributes.includes(name) });

describe("links followed within the app", () => {
  it("follows a plain left click on a link of this site", () => {
    expect(followsInApp(click, anchor(`${ORIGIN}/needs/12`), ORIGIN)).toBe(true);
    expect(followsInApp(click, anchor(`${ORIGIN}/needs?page=2`, "_self"), ORIGIN)).toBe(true);
  });

  it("leaves to the browser a click with a modifier or another button, as a new tab or window", () => {
    for (const change of [{ metaKey: true }, { ctrlKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }, { defaultPrevented: true }]) {
      expect(followsInApp({ ...click, ...change }, anchor(`${ORIGIN}/needs/12`), ORIGIN)).toBe(false);
    }
  });

  it("leaves to the browser a link to another site, to another window, or to a download", () => {
    expect(followsInApp(click, anchor("https://other.example.com/needs/12"), ORIGIN)).toBe(false);
    expect(followsInApp(click, anchor(`${ORIGIN}/needs/12`, "_blank"), ORIGIN)).toBe(false);
    expect(followsInApp(click, anchor(`${ORIGIN}/needs.csv`, "", ["download"]), ORIGIN)).toBe(false);
  });
});
