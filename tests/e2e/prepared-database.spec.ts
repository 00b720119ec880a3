import { expect, test } from "./fixtures";

// The browser tests' server runs on a database made by the same creation step as `npm start`
// (db/prepare.ts with DB_INIT=demo): the demo market is there.
test("the server started on a database created as a demo serves the demo market", async ({ request }) => {
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(((await health.json()) as { db: string }).db).toBe("ok");
  const needs = await request.get("/needs");
  expect(needs.status()).toBe(200);
  // Published demo needs are listed, each linking to its page.
  expect((await needs.text()).match(/href="\/needs\/\d+"/g)?.length ?? 0).toBeGreaterThan(0);
});
