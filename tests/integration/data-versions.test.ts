import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDb, writeTx, type Db } from "../../db/connection";
import { contracts } from "../../db/schema";
import { yearInShanghai } from "../../app/i18n/format";
import { createContract, submitContract } from "../../app/services/contract-filing.server";
import { cityContractFigure, computeContractIndicator } from "../../app/services/indicator.server";
import { countPublished, latestPublished, transitionListing } from "../../app/services/listings.server";
import { createNeed, needsListProgress } from "../../app/services/needs.server";
import { createTestDb } from "../helpers/db";
import { needInput } from "../helpers/world";
import { contractInput, makeContractWorld, ok, partiesOf, type ContractWorld, registerCleared } from "./contracts-fixtures";

// The home page's figures are cached per process and kept until a registration or a
// publication bumps their counter. A second connection to the same file stands for another
// worker process: it must see the change at its very next read, with no delay.

let t: ReturnType<typeof createTestDb>;
let db: Db;
let other: Db;
let w: ContractWorld;
const year = yearInShanghai();

beforeAll(async () => {
  t = createTestDb();
  db = t.db;
  other = openDb(t.file);
  w = await makeContractWorld(db);
});
afterAll(() => {
  other.$client.close();
  t.cleanup();
});

function submitted(valueWan: number): number {
  const fen = valueWan * 1_000_000;
  const input = contractInput({ ...partiesOf(db, w.buyerOrg.id, w.sellerOrg.id), contractValueFen: fen, techValueFen: fen });
  const id = ok(createContract(db, w.broker.actor, input)).id;
  ok(submitContract(db, w.broker.actor, id));
  return id;
}

let registrations = 0;
function register(id: number): void {
  registrations += 1;
  ok(
    registerCleared(db, w.admin.actor, id, {
      intent: "register",
      registrationNo: `20261411000099${String(registrations).padStart(2, "0")}`,
      acceptCodes: true,
    }),
  );
}

/** The figure as computed now, bypassing every cache. */
function uncached(conn: Db): number {
  return computeContractIndicator(conn, { year }).totals.output.contractFen;
}

describe("the city's contract figure", () => {
  it("is reused while nothing is registered", () => {
    const first = cityContractFigure(db, year);
    expect(cityContractFigure(db, year)).toBe(first);
    expect(cityContractFigure(other, year)).toBe(cityContractFigure(other, year));
  });

  it("changes right after a registration, in this process and in another", () => {
    const before = cityContractFigure(db, year).valueFen;
    const beforeElsewhere = cityContractFigure(other, year).valueFen;
    register(submitted(120));
    const after = cityContractFigure(db, year).valueFen;
    expect(after).toBe(uncached(db));
    expect(after).toBeGreaterThan(before);
    expect(cityContractFigure(other, year).valueFen).toBe(after);
    expect(after).toBeGreaterThan(beforeElsewhere);
  });

  it("is not changed by a contract submitted but not registered", () => {
    const before = cityContractFigure(other, year);
    submitted(80);
    expect(cityContractFigure(other, year)).toBe(before);
  });

  it("is never kept from inside a transaction that may roll back", () => {
    const before = cityContractFigure(db, year).valueFen;
    const id = submitted(50);
    expect(() =>
      writeTx(db, (tx) => {
        tx.update(contracts).set({ status: "registered", registrationYear: year }).where(eqId(id)).run();
        expect(cityContractFigure(db, year).valueFen).toBeGreaterThan(before);
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(cityContractFigure(db, year).valueFen).toBe(before);
  });
});

describe("the home page's listing counts", () => {
  it("change right after a publication, in this process and in another", () => {
    const needs = countPublished(db, "need");
    const progress = needsListProgress(other, year).done;
    const latest = latestPublished(other, "need", 6);
    const id = ok(createNeed(db, w.buyer.actor, needInput({ title: "焦炉煤气制氢提纯技术" })));
    // A draft and a submission change nothing public.
    expect(transitionListing(db, "need", w.buyer.actor, id.id, "submit")).toEqual({ ok: true });
    expect(countPublished(other, "need")).toBe(needs);
    expect(transitionListing(db, "need", w.admin.actor, id.id, "approve")).toEqual({ ok: true });
    expect(countPublished(db, "need")).toBe(needs + 1);
    expect(countPublished(other, "need")).toBe(needs + 1);
    expect(needsListProgress(other, year).done).toBe(progress + 1);
    expect(latestPublished(other, "need", 6)[0]!.id).toBe(id.id);
    expect(latestPublished(other, "need", 6)).not.toBe(latest);
  });
});

function eqId(id: number) {
  return sql`${contracts.id} = ${id}`;
}
