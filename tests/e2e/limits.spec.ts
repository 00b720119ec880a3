import type { Page } from "@playwright/test";
import { en, expect, isPostTo, shanghaiDate, test, zh } from "./fixtures";

// What the running server does with bodies no form of ours sends: too large (413, before the
// body is read), of another type (415), or with a control character in a field (the field's
// message, with everything else that was typed kept).

const MB = 1024 * 1024;

test.describe("request bodies the forms never send", () => {
  test("an anonymous 100 MB login post is refused with 413, and the server keeps answering", async ({ request }) => {
    const started = Date.now();
    let status = 0;
    let text = "";
    try {
      const res = await request.post("/login", {
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        data: Buffer.alloc(100 * MB, "a"),
        timeout: 30_000,
      });
      status = res.status();
      text = await res.text();
    } catch (err) {
      // The connection is closed behind the answer; a client still sending may only see that.
      throw new Error(`no answer before the connection closed: ${String(err)}`);
    }
    expect(status).toBe(413);
    expect(text).toContain(zh("error.bodyTooLarge"));
    expect(text).not.toMatch(/at .+:\d+:\d+/);
    // Generous: the whole 100 MB is built and handed over by the test runner on a busy machine.
    expect(Date.now() - started).toBeLessThan(20_000);
    const health = await request.get("/healthz");
    expect(health.status()).toBe(200);
  });

  test("a JSON post is refused with 415, in English for an English browser", async ({ request }) => {
    const res = await request.post("/login", {
      headers: { "Content-Type": "application/json", "Accept-Language": "en-GB,en;q=0.9" },
      data: JSON.stringify({ email: "a@b.cn", password: "x" }),
    });
    expect(res.status()).toBe(415);
    const text = await res.text();
    expect(text).toContain(en("error.unsupportedBody"));
    expect(text).not.toContain("a@b.cn");
  });

  test("a text/plain or binary post is refused with 415", async ({ request }) => {
    const plain = await request.post("/login", { headers: { "Content-Type": "text/plain" }, data: "email=a@b.cn" });
    expect(plain.status()).toBe(415);
    expect(await plain.text()).toContain(zh("error.unsupportedBody"));
    const binary = await request.post("/needs/new", { headers: { "Content-Type": "application/octet-stream" }, data: Buffer.from("title=x") });
    expect(binary.status()).toBe(415);
  });
});

test.describe("an amount field holding a huge digit string", () => {
  test("is a field error at once, without the number ever being parsed", async ({ login }) => {
    const owner = await login("enterprise");
    // Just under the 1 MB form limit: the largest such string that reaches the form at all.
    const digits = "9".repeat(900_000);
    const started = Date.now();
    const res = await owner.request.post("/needs/new", { form: { title: "赤泥免烧砖早期强度提升", budgetMinWan: digits } });
    const elapsed = Date.now() - started;
    expect(res.status()).toBe(400);
    expect(await res.text()).toContain(zh("v.tooLong", { max: 20 }));
    // The parse itself is a few milliseconds (tests/unit/input-limits.test.ts); this budget
    // covers sending, the session lookup and the page render on a busy machine.
    expect(elapsed).toBeLessThan(10_000);
  });
});

const field = (page: Page, key: Parameters<typeof zh>[0]) => page.getByLabel(zh(key), { exact: true });

test.describe("a control character in a need's title", () => {
  test("comes back as the title's message, with everything typed kept", async ({ login }) => {
    const owner = await login("enterprise");
    await owner.goto("/needs/new");
    await expect(owner.getByRole("heading", { level: 1, name: zh("need.new") })).toBeVisible();
    const typed = {
      title: "赤泥免烧砖\u0000早期强度提升",
      description: "现有赤泥掺量40%的免烧砖7天强度不足10 MPa，\n希望在不增加水泥用量的前提下提高早期强度。",
      budgetMin: "100",
      budgetMax: "300",
      deadline: shanghaiDate(30),
    };
    await field(owner, "need.title").fill(typed.title);
    await field(owner, "need.description").fill(typed.description);
    await field(owner, "need.budgetMin").fill(typed.budgetMin);
    await field(owner, "need.budgetMax").fill(typed.budgetMax);
    await field(owner, "need.deadline").fill(typed.deadline);
    await field(owner, "common.industryChain").selectOption({ label: "固废综合利用" });
    await field(owner, "common.techField").selectOption({ label: "固体废弃物处置与综合利用技术" });
    await owner.getByRole("checkbox", { name: zh("mode.joint_dev") }).check();
    await field(owner, "need.expectedTrl").selectOption({ label: zh("trl.5") });
    await field(owner, "common.county").selectOption({ label: "孝义市" });
    await field(owner, "common.contact").fill("王建军");
    await field(owner, "common.phone").fill("13935800456");

    const answered = owner.waitForResponse(isPostTo("/needs/new"));
    await owner.getByRole("button", { name: zh("listing.saveDraft") }).click();
    const response = await answered;
    expect(response.request().postData() ?? "").toContain("%00");
    expect(response.status()).toBe(400);

    const title = field(owner, "need.title");
    await expect(title).toHaveAttribute("aria-invalid", "true");
    await expect(title).toHaveAccessibleDescription(zh("v.controlChars"));
    await expect(owner.getByText(zh("v.controlChars"), { exact: true })).toBeVisible();
    await expect(owner.getByRole("alert")).toHaveText(zh("common.formHasErrors", { count: 1 }));
    await expect(title).toHaveValue(typed.title);
    await expect(field(owner, "need.description")).toHaveValue(typed.description);
    await expect(field(owner, "need.budgetMin")).toHaveValue(typed.budgetMin);
    await expect(field(owner, "need.budgetMax")).toHaveValue(typed.budgetMax);
    await expect(field(owner, "need.deadline")).toHaveValue(typed.deadline);
    await expect(field(owner, "common.contact")).toHaveValue("王建军");
    await expect(owner).toHaveURL(/\/needs\/new$/);
  });
});
