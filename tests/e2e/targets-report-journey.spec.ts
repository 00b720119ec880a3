import { expect, test, zh } from "./fixtures";

// The Bureau sets a year's target, mistypes it first (what was typed stays, with the message),
// sees it with its history, removes it with a reason, and downloads a monthly report as PDF.

test("the Bureau sets, changes and removes a policy target, and downloads the monthly report", async ({ login }) => {
  const admin = await login("admin");
  const year = 2050 + (Date.now() % 40);
  await admin.goto("/admin/targets");
  await expect(admin.getByRole("heading", { name: zh("targets.title"), level: 1 })).toBeVisible();

  await admin.getByLabel(zh("targets.f.indicator"), { exact: true }).selectOption("scenarios");
  await admin.getByLabel(zh("targets.f.year"), { exact: true }).fill(String(year));
  await admin.getByLabel(zh("targets.f.value"), { exact: true }).fill("很多");
  await admin.getByLabel(zh("targets.f.countUnit"), { exact: true }).selectOption("个");
  await admin.getByLabel(zh("targets.f.source"), { exact: true }).fill("应用场景建设方案");
  await admin.getByRole("button", { name: zh("targets.save") }).click();
  await expect(admin.getByText(zh("v.target.count"))).toBeVisible();
  await expect(admin.getByLabel(zh("targets.f.source"), { exact: true })).toHaveValue("应用场景建设方案");
  await expect(admin.getByLabel(zh("targets.f.value"), { exact: true })).toHaveValue("很多");

  await admin.getByLabel(zh("targets.f.value"), { exact: true }).fill("12");
  await admin.getByRole("button", { name: zh("targets.save") }).click();
  await expect(admin.getByText(zh("targets.saved"))).toBeVisible();
  const card = admin.locator("section.card", { has: admin.getByRole("heading", { name: `${year} · ${zh("targets.indicator.scenarios")}` }) });
  await expect(card.getByText("12 个", { exact: true })).toBeVisible();
  await card.getByText(zh("targets.history")).click();
  await expect(card.getByText(`${zh("targets.history.create_policy_target")}:`, { exact: false })).toBeVisible();

  await card.getByLabel(zh("targets.f.reason"), { exact: true }).fill("场景目标并入年度计划");
  await card.getByRole("button", { name: zh("targets.remove") }).click();
  await expect(admin.getByText(zh("targets.removed"))).toBeVisible();
  await expect(admin.getByText(zh("targets.history.reason", { reason: "场景目标并入年度计划" }))).toBeVisible();

  await admin.goto("/admin/reports");
  const link = admin.getByRole("link", { name: zh("report.download") }).first();
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/admin\/reports\/\d{4}-\d{2}\.pdf$/);
  const pdf = await admin.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
});
