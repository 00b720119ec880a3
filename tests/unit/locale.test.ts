import { describe, expect, it } from "vitest";
import { getLocale, localeCookie } from "../../app/services/locale.server";

const request = (headers: Record<string, string>) => new Request("http://localhost/", { headers });

describe("the visitor's language", () => {
  it("follows the browser on a first visit", async () => {
    expect(await getLocale(request({ "Accept-Language": "en-US,en;q=0.9" }))).toBe("en");
    expect(await getLocale(request({ "Accept-Language": "zh-TW,zh;q=0.9,en;q=0.8" }))).toBe("zh-CN");
    expect(await getLocale(request({ "Accept-Language": "fr-FR, en;q=0.5" }))).toBe("en");
  });

  it("is Chinese when the browser asks for neither language or says nothing", async () => {
    expect(await getLocale(request({ "Accept-Language": "fr-FR,de;q=0.5" }))).toBe("zh-CN");
    expect(await getLocale(request({}))).toBe("zh-CN");
  });

  it("keeps the language chosen with the switch over the browser's", async () => {
    const cookie = (await localeCookie.serialize("zh-CN")).split(";")[0]!;
    expect(await getLocale(request({ Cookie: cookie, "Accept-Language": "en" }))).toBe("zh-CN");
  });
});
