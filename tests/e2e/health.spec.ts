import { expect, test } from "./fixtures";

// What a load balancer or uptime check reads.
test("GET /healthz reports the database, the embedded search engine, the outbox backlog and the WAL size", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(await response.json()).toEqual({
    status: "ok",
    db: "ok",
    search: "embedded",
    searchIndex: expect.stringMatching(/^(ready|filling)$/),
    outboxBacklog: expect.any(Number),
    walBytes: expect.any(Number),
  });
});
