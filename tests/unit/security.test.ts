import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "../../app/services/security.server";

const base = { path: "/needs/new", host: "market.lvliang.gov.cn" };

describe("cross-site writes (W4)", () => {
  it("refuses a POST from another origin or marked cross-site by the browser", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://evil.example", secFetchSite: undefined })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: undefined, secFetchSite: "cross-site" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: undefined, secFetchSite: "same-site" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "null", secFetchSite: undefined })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "DELETE", origin: "https://market.lvliang.gov.cn.evil.example", secFetchSite: undefined })).toBe(true);
  });

  it("lets same-origin posts, reads and signed webhooks through", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://market.lvliang.gov.cn", secFetchSite: "same-origin" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: undefined, secFetchSite: undefined })).toBe(false);
    expect(isCrossSiteWrite({ ...base, method: "GET", origin: "https://evil.example", secFetchSite: "cross-site" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, path: "/webhooks/stripe", method: "POST", origin: "https://stripe.com", secFetchSite: "cross-site" })).toBe(false);
  });

  it("exempts exactly POST /webhooks/stripe, nothing beside or below it", () => {
    const away = { ...base, origin: "https://evil.example", secFetchSite: "cross-site" };
    expect(isCrossSiteWrite({ ...away, path: "/webhooks/stripe/", method: "POST" })).toBe(true);
    expect(isCrossSiteWrite({ ...away, path: "/webhooks/other", method: "POST" })).toBe(true);
    expect(isCrossSiteWrite({ ...away, path: "/webhooks/stripe", method: "DELETE" })).toBe(true);
  });

  it("judges a post to a page's data URL (the page's script posting its form) like the page's own", () => {
    const away = { ...base, origin: "https://evil.example", secFetchSite: "cross-site" };
    expect(isCrossSiteWrite({ ...away, path: "/login.data", method: "POST" })).toBe(true);
    expect(isCrossSiteWrite({ ...away, path: "/_root.data", method: "POST" })).toBe(true);
    expect(isCrossSiteWrite({ ...away, path: "/webhooks/stripe.data", method: "POST" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, path: "/login.data", method: "POST", origin: "https://market.lvliang.gov.cn", secFetchSite: "same-origin" })).toBe(
      false,
    );
  });

  it("compares against the configured public origin behind a proxy", () => {
    const r = { ...base, host: "127.0.0.1:3000", method: "POST", secFetchSite: undefined, publicOrigin: "https://market.lvliang.gov.cn" };
    expect(isCrossSiteWrite({ ...r, origin: "https://market.lvliang.gov.cn" })).toBe(false);
    expect(isCrossSiteWrite({ ...r, origin: "http://127.0.0.1:3000" })).toBe(true);
  });
});
