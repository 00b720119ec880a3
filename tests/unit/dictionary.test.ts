import { describe, expect, it } from "vitest";
import { dictionaryScript, translate } from "../../app/i18n";
import { loader } from "../../app/routes/i18n.$file";

const call = (file: string) => {
  try {
    return loader({ params: { file }, request: new Request(`http://localhost/i18n/${file}`), context: { cspNonce: "" } });
  } catch (thrown) {
    return thrown as Response;
  }
};

describe("the dictionary script", () => {
  it("holds one language, under a name the browser may keep for a year", async () => {
    const { file } = dictionaryScript("en");
    const response = call(file);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toContain("immutable");
    const body = await response.text();
    expect(body).toContain(JSON.stringify(translate("en", "nav.needs")));
    expect(body).not.toContain(translate("zh-CN", "nav.needs"));
  });

  it("answers a name from an earlier version with today's messages, not kept", () => {
    const response = call("zh-CN.000000000000.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-cache");
  });

  it("knows no other language and no other name", () => {
    expect(call("fr.0123456789ab.js").status).toBe(404);
    expect(call("../zh-CN.js").status).toBe(404);
    expect(call(`zh-CN.${"a".repeat(60)}.js`).status).toBe(404);
  });
});
