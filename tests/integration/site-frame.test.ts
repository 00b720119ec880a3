import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { achievements, needs } from "../../db/schema";
import * as privacyPage from "../../app/routes/privacy";
import * as termsPage from "../../app/routes/terms";
import * as robots from "../../app/routes/robots[.]txt";
import * as sitemap from "../../app/routes/sitemap[.]xml";
import { createChallenge } from "../../app/services/challenges/index.server";
import { BEFORE, challengeInput, ok, publishedChallenge } from "./challenges-fixtures";
import { makeScenarioWorld } from "./scenarios-fixtures";
import * as root from "../../app/root";
import { getEnv } from "../../app/services/env.server";
import { siteFrame } from "../../app/services/site-frame.server";
import { req, useAppDb } from "../helpers/app";
import { makeWorld, type World } from "../helpers/world";

let db: Db;
let cleanup: () => void;
let world: World;
beforeEach(async () => {
  ({ db, cleanup } = useAppDb());
  world = await makeWorld(db);
});
afterEach(() => cleanup());

const args = (request: Request) => ({ request, params: {}, context: { cspNonce: "" } });
const english = `lang=${Buffer.from(JSON.stringify("en")).toString("base64")}`;

describe("the portal's frame", () => {
  it("takes the footer's sponsor, operator, contact and filing numbers from configuration, in the visitor's language", async () => {
    const env = {
      ...getEnv(),
      SITE_SPONSOR: "某市科学技术局",
      SITE_SPONSOR_EN: "Some City Science Bureau",
      SITE_ICP: "晋ICP备12345678号-2",
      SITE_PSB: "晋公网安备14110202000123号",
    };
    expect(siteFrame("zh-CN", env)).toMatchObject({ sponsor: "某市科学技术局", icp: "晋ICP备12345678号-2", psbCode: "14110202000123" });
    expect(siteFrame("en", env).sponsor).toBe("Some City Science Bureau");
    const data = await root.loader(args(req("/", { headers: { Cookie: english } })));
    expect(data.frame).toEqual(siteFrame("en"));
    expect(data.frame.operator).toBe(getEnv().SITE_OPERATOR_EN);
  });

  it("serves the privacy policy and the terms in both languages, naming the operator and its contact", async () => {
    const zh = (await (await privacyPage.loader(args(req("/privacy")))).json()) as {
      policy: { title: string; intro: string; sections: { heading: string; paragraphs: string[] }[] };
    };
    expect(zh.policy.title).toBe("隐私政策");
    expect(zh.policy.intro).toContain(getEnv().SITE_OPERATOR);
    expect(zh.policy.sections.map((s) => s.heading).join()).toContain("谁能看到您的联系方式");
    expect(JSON.stringify(zh.policy)).toContain(getEnv().SITE_CONTACT_EMAIL);
    const en = (await (await privacyPage.loader(args(req("/privacy", { headers: { "Accept-Language": "en-GB,en;q=0.9" } })))).json()) as {
      policy: { title: string };
    };
    expect(en.policy.title).toBe("Privacy policy");
    const terms = (await (await termsPage.loader(args(req("/terms", { headers: { Cookie: english } })))).json()) as {
      policy: { title: string; sections: unknown[] };
    };
    expect(terms.policy.title).toBe("Terms of use");
    expect(terms.policy.sections.length).toBeGreaterThan(5);
  });

  it("tells crawlers to keep out of the desk, the API (but its documentation) and account pages", async () => {
    const res = robots.loader(args(req("/robots.txt")));
    expect(res.headers.get("Content-Type")).toContain("text/plain");
    const text = await res.text();
    for (const line of ["Disallow: /admin", "Disallow: /api/", "Allow: /api/v1/docs", "Disallow: /account", "Disallow: /me/", "Disallow: /deals/"])
      expect(text).toContain(line);
    expect(text).not.toMatch(/^Disallow: \/$/m);
    expect(text).toContain("Sitemap: http://localhost/sitemap.xml");
  });

  it("lists the home, the list pages and every published need and achievement with its last change, and nothing unpublished", async () => {
    db.update(needs).set({ updatedAt: "2026-05-04T03:00:00.000Z" }).where(eq(needs.id, world.needs.published)).run();
    const res = sitemap.loader(args(req("/sitemap.xml")));
    expect(res.headers.get("Content-Type")).toContain("application/xml");
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    for (const path of ["/", "/needs", "/achievements", "/transformation-list", "/brokers"]) expect(xml).toContain(`<loc>http://localhost${path}</loc>`);
    expect(xml).toContain(`<url><loc>http://localhost/needs/${world.needs.published}</loc><lastmod>2026-05-04</lastmod></url>`);
    expect(xml).toContain(`<loc>http://localhost/achievements/${world.achievements.published}</loc>`);
    for (const id of [world.needs.draft, world.needs.submitted]) expect(xml).not.toContain(`/needs/${id}<`);
    for (const id of [world.achievements.draft, world.achievements.submitted]) expect(xml).not.toContain(`/achievements/${id}<`);
    const published = db.select({ id: needs.id }).from(needs).where(eq(needs.status, "published")).all().length;
    const listed = xml.match(/<loc>http:\/\/localhost\/needs\/\d+<\/loc>/g)?.length ?? 0;
    expect(listed).toBeGreaterThanOrEqual(published);
    expect(db.select().from(achievements).all().length).toBeGreaterThan(0);
  });

  it("lists published challenges and scenarios beside needs and achievements, and not their drafts", async () => {
    const challengeId = publishedChallenge(db, world);
    const draftChallenge = ok(createChallenge(db, world.enterprise.actor, challengeInput({ title: "未提交的榜单" }), null, BEFORE)).id;
    const sw = await makeScenarioWorld(db);
    const xml = await sitemap.loader(args(req("/sitemap.xml"))).text();
    for (const path of ["/challenges", "/scenarios"]) expect(xml).toContain(`<loc>http://localhost${path}</loc>`);
    expect(xml).toContain(`<loc>http://localhost/challenges/${challengeId}</loc>`);
    expect(xml).not.toContain(`/challenges/${draftChallenge}<`);
    expect(xml).toContain(`<loc>http://localhost/scenarios/${sw.scenarios.published}</loc>`);
    for (const id of [sw.scenarios.draft, sw.scenarios.submitted]) expect(xml).not.toContain(`/scenarios/${id}<`);
  });
});
