import { writeTx, type Db } from "../../db/connection";
import { brokers, organisations, type BrokerStatus, type Organisation } from "../../db/schema";
import type { ContractInput, RegistrationInput } from "../../app/schemas/contracts";
import type { Actor } from "../../app/services/actor";
import { registerContract } from "../../app/services/contract-registrar.server";
import type { ContractResult } from "../../app/services/contracts.server";
import { clearFlag, openContractFlags } from "../../app/services/padding-flags.server";
import { makeOrg, makeUser, type TestUser } from "../helpers/app";

// Shared by the contract, indicator and reward tests: parties, brokers in each state, and a
// contract as its form would deliver it.

/** A broker account with a certificate in the given state; "expired" ended last year. */
export async function makeBroker(db: Db, agencyId: number, state: BrokerStatus | "expired" = "certified"): Promise<TestUser> {
  const u = await makeUser(db, "broker", agencyId);
  const expired = state === "expired";
  writeTx(db, (tx) =>
    tx
      .insert(brokers)
      .values({
        userId: u.user.id,
        orgId: agencyId,
        certificateNo: `TEST-JJR-${u.user.id}`,
        grade: "junior",
        validFrom: expired ? "2020-01-01" : "2024-01-01",
        validUntil: expired ? "2023-12-31" : "2099-12-31",
        chains: ["hydrogen"],
        cohort: "2026-1",
        status: expired ? "certified" : state,
      })
      .run(),
  );
  return u;
}

export function orgRow(db: Db, id: number): Organisation {
  return db
    .select()
    .from(organisations)
    .all()
    .find((o) => o.id === id)!;
}

/**
 * What a test changes in a contract; `techValueFen` is the 技术交易额 wanted, which becomes the
 * "other" non-technical item (成交额 less it).
 */
export type ContractOverrides = Partial<ContractInput> & { techValueFen?: number };

/** The items that leave the wanted 技术交易额 of a contract value: all of it as "other". */
export function itemsForTech(
  contractValueFen: number,
  techValueFen: number,
): Pick<ContractInput, "equipmentFen" | "instrumentsFen" | "materialsFen" | "otherFen"> {
  return { equipmentFen: 0, instrumentsFen: 0, materialsFen: 0, otherFen: contractValueFen - techValueFen };
}

/** A 技术开发 contract between two parties, amounts in fen, as the schema would output it (技术交易额 320 万元 of 380 万元). */
export function contractInput(overrides: ContractOverrides = {}): ContractInput {
  const { techValueFen, ...rest } = overrides;
  const contractValueFen = rest.contractValueFen ?? 3_800_000_00;
  const items = techValueFen === undefined ? {} : itemsForTech(contractValueFen, techValueFen);
  return {
    matchId: undefined,
    title: "焦炉煤气变压吸附制氢提纯技术开发",
    type: "DEV",
    subType: "commissioned",
    buyerName: "孝义市鹏瑞煤焦化工集团有限公司",
    buyerCreditCode: "91141181MA0XXXXXX0",
    buyerDivision: "141181",
    sellerName: "太原理工大学吕梁产业研究院",
    sellerCreditCode: "12141100MA0YYYYYY0",
    sellerDivision: "141102",
    contractValueFen: 3_800_000_00,
    equipmentFen: 0,
    instrumentsFen: 0,
    materialsFen: 0,
    otherFen: 600_000_00,
    signedOn: "2026-03-18",
    termStart: "2026-03-18",
    termEnd: "2027-12-31",
    paymentMode: "lump_sum_instalments",
    milestones: [],
    relatedParty: false,
    contractFieldCode: "C07",
    industryChainId: "hydrogen",
    ipTypes: ["invention_patent"],
    commissionRateBp: null,
    commissionFixedFen: null,
    fileId: undefined,
    codeCheckWaiver: false,
    ...rest,
    ...items,
  };
}

/** The parties of a contract taken from two platform organisations. */
export function partiesOf(db: Db, buyerOrgId: number, sellerOrgId: number): Partial<ContractInput> {
  const b = orgRow(db, buyerOrgId);
  const s = orgRow(db, sellerOrgId);
  return {
    buyerName: b.name,
    buyerCreditCode: b.creditCode,
    buyerDivision: b.countyCode ?? "141102",
    sellerName: s.name,
    sellerCreditCode: s.creditCode,
    sellerDivision: s.countyCode ?? "141102",
  };
}

/** The same contract as a browser posts it to /contracts/new. */
export function contractForm(
  db: Db,
  buyerOrgId: number,
  sellerOrgId: number,
  overrides: Record<string, string | string[]> = {},
): Record<string, string | string[]> {
  const p = partiesOf(db, buyerOrgId, sellerOrgId);
  return {
    title: "焦炉煤气变压吸附制氢提纯技术开发",
    type: "DEV",
    subType: "commissioned",
    buyerName: p.buyerName!,
    buyerCreditCode: p.buyerCreditCode!,
    buyerDivision: p.buyerDivision!,
    sellerName: p.sellerName!,
    sellerCreditCode: p.sellerCreditCode!,
    sellerDivision: p.sellerDivision!,
    contractValueWan: "380",
    otherWan: "60",
    signedOn: "2026-03-18",
    termStart: "2026-03-18",
    termEnd: "2027-12-31",
    paymentMode: "lump_sum_instalments",
    contractFieldCode: "C07",
    industryChainId: "hydrogen",
    ipTypes: ["invention_patent"],
    ...overrides,
  };
}

export interface ContractWorld {
  buyerOrg: Organisation;
  sellerOrg: Organisation;
  otherOrg: Organisation;
  agency: Organisation;
  bureau: Organisation;
  buyer: TestUser;
  seller: TestUser;
  other: TestUser;
  broker: TestUser;
  otherBroker: TestUser;
  suspendedBroker: TestUser;
  expiredBroker: TestUser;
  admin: TestUser;
}

/** An enterprise buyer, an institute seller, an unrelated enterprise, brokers in every state and the Bureau. */
export async function makeContractWorld(db: Db): Promise<ContractWorld> {
  const buyerOrg = makeOrg(db, "enterprise", { name: "孝义市鹏瑞煤焦化工集团有限公司" });
  const sellerOrg = makeOrg(db, "institute", { name: "太原理工大学吕梁产业研究院" });
  const otherOrg = makeOrg(db, "enterprise", { name: "交城华晟特殊钢有限公司" });
  const agency = makeOrg(db, "agency", { name: "吕梁晋创科技成果转化服务有限公司" });
  const bureau = makeOrg(db, "government", { name: "吕梁市科学技术局" });
  return {
    buyerOrg,
    sellerOrg,
    otherOrg,
    agency,
    bureau,
    buyer: await makeUser(db, "enterprise", buyerOrg.id),
    seller: await makeUser(db, "institute", sellerOrg.id),
    other: await makeUser(db, "enterprise", otherOrg.id),
    broker: await makeBroker(db, agency.id),
    otherBroker: await makeBroker(db, agency.id),
    suspendedBroker: await makeBroker(db, agency.id, "suspended"),
    expiredBroker: await makeBroker(db, agency.id, "expired"),
    admin: await makeUser(db, "admin", bureau.id),
  };
}

export function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`fixture step failed: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

/** A registration certificate (登记证明) as a PDF upload. */
export const CERTIFICATE = { name: "登记证明.pdf", bytes: new Uint8Array(Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")) };

/**
 * 予以登记 the way the registrar gets through a filing the padding checks flagged, for tests
 * about something else: each open flag cleared with a reason, then registered. Tests of the
 * checks themselves call registerContract.
 */
export function registerCleared(
  db: Db,
  admin: Actor,
  id: number,
  input: RegistrationInput,
  requestId: string | null = null,
  now: Date = new Date(),
): ContractResult {
  const first = registerContract(db, admin, id, input, requestId, now);
  if (first.ok || !("fieldErrors" in first) || !first.fieldErrors.flags) return first;
  for (const flag of openContractFlags(db, id)) ok(clearFlag(db, admin, flag.id, "经核实，与本合同情况相符，不影响登记", requestId, now));
  return registerContract(db, admin, id, input, requestId, now);
}
