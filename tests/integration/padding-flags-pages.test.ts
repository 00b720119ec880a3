import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTx, type Db } from "../../db/connection";
import { auditEvents, contractFlags, policySettings } from "../../db/schema";
import type { ContractFlagKind } from "../../app/codes";
import * as listRoute from "../../app/routes/admin.flags._index";
import * as flagRoute from "../../app/routes/admin.flags.$id";
import { flaggedFigures } from "../../app/services/padding-flag-list.server";
import { evaluateContractFlags } from "../../app/services/padding-flags.server";
import { makeOrg, makeUser, req, statusOf, useAppDb, type TestUser } from "../helpers/app";
import { freshParties, insertContract, insertRecord } from "./padding-flags-fixtures";

// The flagged part of the city's figure against a sum kept in the test, and the registrar's
// flag pages: the list and its filters, clearing from a form and going back where it came from.

const NOW = new Date("2026-04-20T04:00:00.000Z");

let db: Db;
let cleanup: () => void;
let admin: TestUser;
let member: TestUser;

beforeAll(async () => {
  ({ db, cleanup } = useAppDb());
  admin = await makeUser(db, "admin", makeOrg(db, "government").id);
  member = await makeUser(db, "institute", makeOrg(db, "institute").id);
});
afterAll(() => cleanup());

function contractKinds(id: number): ContractFlagKind[] {
  return writeTx(db, (tx) => evaluateContractFlags(tx, id, "filing", NOW)).map((f) => f.kind);
}

function flagOf(contractId: number, kind: ContractFlagKind) {
  return db
    .select()
    .from(contractFlags)
    .where(and(eq(contractFlags.contractId, contractId), eq(contractFlags.kind, kind)))
    .get();
}

const contract = (o: Parameters<typeof insertContract>[3] = {}, parties = freshParties()) => insertContract(db, member.user.id, parties, o);

describe("flaggedFigures", () => {
  type Row = { contractFen: number; techFen: number; seller: string; buyer: string; counted: boolean; flagged: "open" | "cleared" | "none" | "two" };
  const YEAR = 2031;

  function flag(subject: { contractId: number } | { nationalRecordId: number }, kind: ContractFlagKind, cleared = false) {
    writeTx(db, (tx) =>
      tx
        .insert(contractFlags)
        .values({
          ...subject,
          kind,
          stage: "registration",
          detail: {},
          raisedAt: NOW.toISOString(),
          ...(cleared ? { clearedAt: NOW.toISOString(), clearedBy: admin.user.id, clearReason: "已核实" } : {}),
        })
        .run(),
    );
  }

  it("sums the counted contracts and records of the year with an open flag, in the target's series and amount", () => {
    const rows: Row[] = [];
    let n = 0;
    const registered = (o: Parameters<typeof insertContract>[3]) => ({
      status: "registered" as const,
      registrationNo: `2031141100${String(++n).padStart(6, "0")}`,
      registeredAt: "2031-05-01T00:00:00.000Z",
      registrationYear: YEAR,
      ...o,
    });
    const add = (row: Row, make: (r: Row) => { contractId: number } | { nationalRecordId: number }) => {
      rows.push(row);
      const subject = make(row);
      if (row.flagged === "open" || row.flagged === "two") flag(subject, "related_party");
      if (row.flagged === "two") flag(subject, "large_amount");
      if (row.flagged === "cleared") flag(subject, "related_party", true);
    };
    const platform = (extra: Parameters<typeof insertContract>[3]) => (r: Row) => ({
      contractId: contract(
        registered({ contractValueFen: r.contractFen, otherFen: r.contractFen - r.techFen, sellerDivision: r.seller, buyerDivision: r.buyer, ...extra }),
      ).id,
    });
    const record = (extra: Partial<Parameters<typeof insertRecord>[2]>) => (r: Row) => ({
      nationalRecordId: insertRecord(db, freshParties(), {
        contractValueFen: r.contractFen,
        techValueFen: r.techFen,
        sellerDivision: r.seller,
        buyerDivision: r.buyer,
        registrationYear: YEAR,
        registeredOn: "2031-05-01",
        ...extra,
      }).id,
    });
    const row = (contractFen: number, techFen: number, seller: string, buyer: string, counted: boolean, flagged: Row["flagged"]): Row => ({
      contractFen,
      techFen,
      seller,
      buyer,
      counted,
      flagged,
    });
    add(row(100_000_001, 90_000_000, "141102", "141181", true, "open"), platform({}));
    add(row(200_000_003, 150_000_000, "110108", "141125", true, "open"), platform({}));
    add(row(300_000_005, 250_000_000, "141182", "310115", true, "two"), platform({}));
    add(row(400_000_007, 300_000_000, "141102", "141102", true, "cleared"), platform({}));
    add(row(500_000_011, 400_000_000, "141102", "141181", true, "none"), platform({}));
    add(
      row(600_000_013, 500_000_000, "610113", "141130", true, "open"),
      platform({ status: "elsewhere", registrationNo: null, elsewhereNo: "2031610000000001", elsewhereConfirmedAt: "2031-05-02T00:00:00.000Z" }),
    );
    add(
      row(700_000_017, 600_000_000, "610113", "141130", false, "open"),
      platform({ status: "elsewhere", registrationNo: null, elsewhereNo: "2031610000000002" }),
    );
    add(row(800_000_019, 700_000_000, "141102", "141181", false, "open"), platform({ supersededAt: "2031-06-01T00:00:00.000Z" }));
    add(row(900_000_023, 800_000_000, "141102", "141181", false, "open"), platform({ registrationYear: YEAR - 1 }));
    add(row(110_000_029, 100_000_000, "141123", "141124", true, "open"), record({}));
    add(row(120_000_031, 110_000_000, "141123", "110105", true, "open"), record({}));
    add(row(130_000_037, 120_000_000, "141123", "141124", false, "open"), record({ status: "matched" }));
    add(row(140_000_041, 130_000_000, "141123", "141124", false, "open"), record({ status: "to_confirm" }));
    add(row(150_000_043, 140_000_000, "141123", "141124", true, "none"), record({}));

    const inLuliang = (division: string) => division.startsWith("1411");
    const inSeries = {
      output: (r: Row) => inLuliang(r.seller),
      absorbed: (r: Row) => inLuliang(r.buyer),
      local: (r: Row) => inLuliang(r.seller) && inLuliang(r.buyer),
    };
    for (const series of ["output", "absorbed", "local"] as const)
      for (const amount of ["contract", "tech"] as const) {
        const value = { series, amount };
        writeTx(db, (tx) =>
          tx.insert(policySettings).values({ key: "contract_indicator", value }).onConflictDoUpdate({ target: policySettings.key, set: { value } }).run(),
        );
        const flagged = rows.filter((r) => r.counted && (r.flagged === "open" || r.flagged === "two") && inSeries[series](r));
        const expectedAmount = flagged.reduce((sum, r) => sum + (amount === "tech" ? r.techFen : r.contractFen), 0);
        expect(flaggedFigures(db, YEAR), `${series}/${amount}`).toEqual({ flaggedAmountFen: expectedAmount, flaggedContracts: flagged.length });
      }
    expect(flaggedFigures(db, YEAR + 5)).toEqual({ flaggedAmountFen: 0, flaggedContracts: 0 });
  });
});

describe("the flag pages", () => {
  const ctx = { context: { cspNonce: "" } };

  function openFlag(): { id: number; contractId: number } {
    const c = contract({ relatedParty: true });
    contractKinds(c.id);
    return { id: flagOf(c.id, "related_party")!.id, contractId: c.id };
  }

  const post = (id: number, cookie: string, form: Record<string, string>) =>
    statusOf(() => flagRoute.action({ request: req(`/admin/flags/${id}`, { cookie, form }), params: { id: String(id) }, ...ctx }));

  it("clears with a reason and goes back to a local page, never to another site", async () => {
    const a = openFlag();
    const done = await post(a.id, admin.cookie, { reason: "已核实关联交易定价", returnTo: `/admin/contracts/${a.contractId}` });
    expect(done.status).toBe(302);
    expect(done.response!.headers.get("Location")).toBe(`/admin/contracts/${a.contractId}`);
    const b = openFlag();
    const away = await post(b.id, admin.cookie, { reason: "已核实关联交易定价", returnTo: "//evil.example/x" });
    expect(away.response!.headers.get("Location")).toBe("/admin/flags");
    expect(flagOf(b.contractId, "related_party")?.clearReason).toBe("已核实关联交易定价");
  });

  it("keeps what was typed when the reason is too short, and refuses anyone but the registrar", async () => {
    const a = openFlag();
    const short = await post(a.id, admin.cookie, { reason: "x", returnTo: "/admin/flags?kind=related_party" });
    expect(short.status).toBe(400);
    const body = (await short.response!.json()) as { reason: string; returnTo: string; errors: string[] };
    expect(body.reason).toBe("x");
    expect(body.returnTo).toBe("/admin/flags?kind=related_party");
    expect(body.errors).toHaveLength(1);
    expect((await post(a.id, member.cookie, { reason: "我来解除这个标记" })).status).toBe(403);
    expect(flagOf(a.contractId, "related_party")?.clearedAt).toBeNull();
    const denied = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entity, "contract_flag"), eq(auditEvents.entityId, String(a.id))))
      .all();
    expect(denied.map((e) => [e.action, e.actorUserId])).toEqual([["denied:clear_flag", member.user.id]]);
  });

  it("lists open flags by kind, with the year's flagged figures", async () => {
    const a = openFlag();
    const res = (await listRoute.loader({
      request: req("/admin/flags?kind=related_party&state=open&year=2031", { cookie: admin.cookie }),
      params: {},
      ...ctx,
    })) as Response;
    const data = (await res.json()) as { rows: { id: number; kind: string; clearedAt: string | null }[]; figures: unknown; year: number };
    expect(data.year).toBe(2031);
    expect(data.rows.map((r) => r.id)).toContain(a.id);
    expect(data.rows.every((r) => r.kind === "related_party" && r.clearedAt === null)).toBe(true);
    expect(data.figures).toEqual(flaggedFigures(db, 2031));
    const forbiddenList = await statusOf(() => listRoute.loader({ request: req("/admin/flags", { cookie: member.cookie }), params: {}, ...ctx }));
    expect(forbiddenList.status).toBe(403);
  });
});
