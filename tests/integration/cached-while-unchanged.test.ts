import { afterEach, describe, expect, it } from "vitest";
import { openDb, writeTx } from "../../db/connection";
import { cachedWhileUnchanged, bumpDataVersion } from "../../app/services/data-versions.server";
import { createTestDb } from "../helpers/db";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe("cachedWhileUnchanged", () => {
  it("reuses a value until anything is written, by this connection or another", () => {
    const { db, file, cleanup } = createTestDb();
    cleanups.push(cleanup);
    const other = openDb(file);
    cleanups.push(() => other.$client.close());
    let computed = 0;
    const read = (key = "k") => cachedWhileUnchanged(db, key, () => ++computed);
    expect([read(), read(), read()]).toEqual([1, 1, 1]);
    expect(read("other key")).toBe(2);
    writeTx(other, (tx) => bumpDataVersion(tx, "policy"));
    expect(read()).toBe(3);
    writeTx(db, (tx) => bumpDataVersion(tx, "policy"));
    expect(read()).toBe(4);
    expect(read()).toBe(4);
  });

  it("never keeps what is read inside a transaction", () => {
    const { db, cleanup } = createTestDb();
    cleanups.push(cleanup);
    let computed = 0;
    const values = writeTx(db, () => [cachedWhileUnchanged(db, "k", () => ++computed), cachedWhileUnchanged(db, "k", () => ++computed)]);
    expect(values).toEqual([1, 2]);
    expect(cachedWhileUnchanged(db, "k", () => ++computed)).toBe(3);
  });
});
