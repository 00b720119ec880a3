import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { users } from "../../db/schema";
import { verifyPassword } from "../../db/passwords";
import { DEMO_PASSWORD } from "../../db/seed-data/accounts";
import { changePassword, register } from "../../app/services/auth.server";
import { passwordProblem } from "../../app/services/password-policy.server";
import { localeCookie } from "../../app/services/locale.server";
import * as accountRoute from "../../app/routes/account";
import * as registerRoute from "../../app/routes/register";
import { freshCreditCode, makeOrg, makeUser, req, TEST_PASSWORD, useAppDb } from "../helpers/app";

let db: Db;
let cleanup: () => void;
const ctx = { context: { cspNonce: "" }, params: {} };

beforeEach(() => {
  ({ db, cleanup } = useAppDb());
});
afterEach(() => cleanup());

describe("the new-password policy", () => {
  it.each([
    ["password12", "zhang@example.cn", "auth.password.common"],
    ["qwertyuiop", "zhang@example.cn", "auth.password.common"],
    ["Password123!", "zhang@example.cn", "auth.password.common"],
    ["iloveyou12", "zhang@example.cn", "auth.password.common"],
    [DEMO_PASSWORD, "zhang@example.cn", "auth.password.demo"],
    [DEMO_PASSWORD.toUpperCase(), "zhang@example.cn", "auth.password.demo"],
    ["Wangjianjun-Mountain-7", "WangJianJun@example.cn", "auth.password.containsEmail"],
    ["Correct-horse-42", "zhang@example.cn", null],
    ["Strong-pass-2026", "zhang@example.cn", null],
    // A local part shorter than 3 characters is too common a fragment to forbid.
    ["Correct-horse-42-li", "li@example.cn", null],
  ])("%s for %s → %s", (password, email, expected) => {
    expect(passwordProblem(password, email)).toBe(expected);
  });

  it("refuses a common password at registration with a field error in the visitor's language, creating nothing", async () => {
    const form = {
      role: "enterprise",
      name: "赵经理",
      email: "zhao@fenyang-liquor.cn",
      password: "password12",
      passwordConfirm: "password12",
      orgMode: "new",
      orgName: "汾阳酒业测试公司",
      countyCode: "141182",
      creditCode: freshCreditCode(),
    };
    const zh = (await registerRoute.action({ request: req("/register", { form }), ...ctx })) as Response;
    expect(zh.status).toBe(400);
    const zhBody = (await zh.json()) as { result: { error: Record<string, string[]> } };
    expect(zhBody.result.error.password).toEqual(["这个密码太常见或太容易被猜到，请换一个不常见的密码"]);
    expect(JSON.stringify(zhBody)).not.toContain("password12");

    const lang = (await localeCookie.serialize("en")).split(";")[0]!;
    const en = (await registerRoute.action({
      request: req("/register", { form: { ...form, creditCode: freshCreditCode() }, cookie: lang }),
      ...ctx,
    })) as Response;
    expect(en.status).toBe(400);
    expect(JSON.stringify(await en.json())).toContain("This password is too common");
    expect(db.select().from(users).where(eq(users.email, "zhao@fenyang-liquor.cn")).get()).toBeUndefined();
  });

  it("refuses the demo password and one built from the e-mail in the register service", async () => {
    const org = { mode: "new" as const, name: "兴县铝业测试公司", creditCode: freshCreditCode(), countyCode: "141123", pilotCode: false };
    const base = { email: "aluminium@xingxian.cn", name: "刘工", role: "enterprise" as const, org };
    expect(await register(db, { ...base, password: DEMO_PASSWORD })).toEqual({ ok: false, field: "password", message: "auth.password.demo" });
    expect(await register(db, { ...base, password: "My-Aluminium-Plant-9" })).toEqual({ ok: false, field: "password", message: "auth.password.containsEmail" });
    expect((await register(db, { ...base, password: TEST_PASSWORD })).ok).toBe(true);
  });

  it("refuses a weak new password on the account page and keeps the old one", async () => {
    const org = makeOrg(db, "enterprise");
    const a = await makeUser(db, "enterprise", org.id, { email: "chen@example.cn" });
    const res = (await accountRoute.action({
      request: req("/account", { cookie: a.cookie, form: { current: TEST_PASSWORD, next: "password12", confirm: "password12" } }),
      ...ctx,
    })) as Response;
    expect(res.status).toBe(400);
    const body = (await res.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error.next).toEqual(["这个密码太常见或太容易被猜到，请换一个不常见的密码"]);
    const row = db.select().from(users).where(eq(users.id, a.user.id)).get()!;
    expect(await verifyPassword(row.passwordHash, TEST_PASSWORD)).toBe(true);

    expect(await changePassword(db, a.user, { current: TEST_PASSWORD, next: DEMO_PASSWORD })).toEqual({
      ok: false,
      field: "next",
      message: "auth.password.demo",
    });
    expect(await changePassword(db, a.user, { current: TEST_PASSWORD, next: "Chen-family-garden-8" })).toEqual({
      ok: false,
      field: "next",
      message: "auth.password.containsEmail",
    });
    expect((await changePassword(db, a.user, { current: TEST_PASSWORD, next: "Correct-horse-43" })).ok).toBe(true);
  });
});
