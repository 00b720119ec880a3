import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/connection";
import * as health from "../../app/routes/healthz";
import { useAppDb } from "../helpers/app";

let db: Db;
let cleanup: () => void;
beforeEach(() => {
  ({ db, cleanup } = useAppDb());
});
afterEach(() => cleanup());

describe("GET /healthz", () => {
  it("answers ok with the search engine's name", async () => {
    const res = health.loader() as Response;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "ok", search: "embedded" });
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });

  it("answers 503 when the database cannot be read", async () => {
    db.$client.close();
    const res = health.loader() as Response;
    expect(res.status).toBe(503);
    expect(((await res.json()) as { status: string }).status).toBe("error");
  });
});
