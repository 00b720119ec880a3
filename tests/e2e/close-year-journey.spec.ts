import type { Page } from "@playwright/test";
import { expect, shanghaiYear, test, zh, zhPattern } from "./fixtures";

// The Bureau closes an ended year from its statistics page, after a confirmation step; the
// closed figure then shows beside the revised one, and the public indicators API reports it
// closed. The demo has closed last year already (and revised it since): the journey closes
// the earliest ended year the page offers that is still open, or the year before the earliest
// it offers when every ended one is closed.

/** The earliest ended open year the page offers, else the year before its earliest. */
async function earliestOpenYear(admin: Page): Promise<number> {
  await admin.goto("/admin/statistics");
  const values = await admin.locator("select#year option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  const ended = values
    .filter((v) => /^\d{4}$/.test(v))
    .map(Number)
    .filter((y) => y < shanghaiYear())
    .sort((a, b) => a - b);
  for (const year of ended) {
    await admin.goto(`/admin/statistics?year=${year}`);
    if ((await admin.getByRole("link", { name: zh("years.close"), exact: true }).count()) > 0) return year;
  }
  return Math.min(shanghaiYear(), ...ended) - 1;
}

test("the Bureau closes an ended open year and the closed figure shows beside the revised one", async ({ login, request }) => {
  const admin = await login("admin");
  const year = await earliestOpenYear(admin);
  expect(year).toBeLessThan(shanghaiYear());
  await admin.goto(`/admin/statistics?year=${year}`);
  await expect(admin.getByText(zh("years.open"))).toBeVisible();
  await admin.getByRole("link", { name: zh("years.close"), exact: true }).click();

  await expect(admin.getByRole("heading", { name: zh("years.confirmTitle", { year }) })).toBeVisible();
  await admin.getByRole("button", { name: zh("years.confirm"), exact: true }).click();

  await expect(admin.getByText(zh("years.closedOk", { year }), { exact: true })).toBeVisible();
  await expect(admin.getByText(zhPattern("years.closedFigure", { closed: /.+ 亿元/, revised: /.+ 亿元/ }))).toBeVisible();
  await expect(admin.getByRole("link", { name: zh("years.close"), exact: true })).toHaveCount(0);

  const api = await request.get(`/api/v1/indicators?year=${year}`);
  expect(api.status()).toBe(200);
  expect(api.headers()["access-control-allow-origin"]).toBe("*");
  const body = (await api.json()) as { closed: boolean; contractAmountFen: number; closedContractAmountFen: number | null };
  expect(body.closed).toBe(true);
  expect(body.closedContractAmountFen).toBe(body.contractAmountFen);
});
