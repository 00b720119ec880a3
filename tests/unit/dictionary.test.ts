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

  it("keeps the desk's own pages' messages in a second part, loaded after the first, that visitors' pages do not carry", async () => {
    const base = dictionaryScript("zh-CN");
    const bureau = dictionaryScript("zh-CN", "bureau");
    expect(bureau.file).toMatch(/^zh-CN-bureau\.[0-9a-f]{12}\.js$/);
    const visitor = await call(base.file).text();
    const staff = await call(bureau.file).text();
    // A message of the national import's page is in the Bureau's part only; a common one in the base only.
    expect(staff).toContain(`"nimport.title":${JSON.stringify(translate("zh-CN", "nimport.title"))}`);
    expect(visitor).not.toContain('"nimport.title"');
    expect(visitor).toContain(`"nav.needs":${JSON.stringify(translate("zh-CN", "nav.needs"))}`);
    expect(staff).not.toContain('"nav.needs"');
    // Run in order, the two scripts give every message of the language.
    const window: { __lsmMessages?: { locale: string; messages: Record<string, string> } } = {};
    new Function("window", visitor + staff)(window);
    expect(window.__lsmMessages!.locale).toBe("zh-CN");
    expect(window.__lsmMessages!.messages["nimport.title"]).toBe(translate("zh-CN", "nimport.title"));
    expect(window.__lsmMessages!.messages["nav.needs"]).toBe(translate("zh-CN", "nav.needs"));
    expect(call("en-bureau.000000000000.js").status).toBe(200);
    expect(call("fr-bureau.0123456789ab.js").status).toBe(404);
  });

  it("keeps contracts', payments' and filing's messages in a part signed-in members load, and the home page's figure in the base", async () => {
    const base = await call(dictionaryScript("en").file).text();
    const members = dictionaryScript("en", "members");
    expect(members.file).toMatch(/^en-members\.[0-9a-f]{12}\.js$/);
    const member = await call(members.file).text();
    expect(member).toContain(`"contract.title":${JSON.stringify(translate("en", "contract.title"))}`);
    expect(base).not.toContain('"contract.title"');
    expect(base).toContain('"home.contractAmount"');
    expect(member).not.toContain('"home.contractAmount"');
    // Base, members and the Bureau's part, run in order, give every message a page may show, each once.
    const window: { __lsmMessages?: { locale: string; messages: Record<string, string> } } = {};
    new Function("window", base + member + (await call(dictionaryScript("en", "bureau").file).text()))(window);
    expect(window.__lsmMessages!.messages["contract.title"]).toBe(translate("en", "contract.title"));
    expect(window.__lsmMessages!.messages["nimport.title"]).toBe(translate("en", "nimport.title"));
  });
});
