import { expect, shanghaiYear, test, zh, zhPattern } from "./fixtures";

// The Bureau closes last year from its statistics page, after a confirmation step; the closed
// figure then shows beside the revised one, and the public indicators API reports it closed.
test("the Bureau closes last year and the closed figure shows beside the revised one", async ({ login, request }) => {
  const year = shanghaiYear() - 1;
  const admin = await login("admin");
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
