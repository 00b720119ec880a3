import { and, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/connection";
import { contracts, nationalRecords, policySettings, type Contract, type NationalRecord } from "../../db/schema";
import type { ContractFlagKind } from "../codes";
import { todayInShanghai } from "../i18n/format";
import { registrationChecksSchema, type RegistrationChecks } from "../schemas/padding-flags";

// The padding checks themselves (DOMAIN §1): what a registrar must look at before a contract
// counts towards the city's figure. Each check returns the facts it found, for the flag's
// detail; storing, clearing and listing flags live in padding-flags.server.ts.

export const REGISTRATION_CHECKS_KEY = "registration_checks";
export const DEFAULT_REGISTRATION_CHECKS: RegistrationChecks = { reviewLineFen: 1_000_000_000, splitWindowDays: 90, decisionWindowDays: 30 };

/** The review line and the two windows, from policy settings; the defaults when unset or malformed. */
export function registrationChecks(db: Db | Tx): RegistrationChecks {
  const row = db.select().from(policySettings).where(eq(policySettings.key, REGISTRATION_CHECKS_KEY)).get();
  const parsed = registrationChecksSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_REGISTRATION_CHECKS;
}

/** What the checks found on one subject: the kind and the facts the registrar needs to judge it. */
export interface FoundFlag {
  kind: ContractFlagKind;
  detail: Record<string, unknown>;
}

/** Another contract a split or duplicate points at: a platform version or an imported record. */
export interface OtherContract {
  contractId?: number;
  nationalRecordId?: number;
  registrationNo: string | null;
  title: string;
  signedOn: string;
  contractValueFen: number;
}

/** The columns a platform contract and a national record share, and what tells them apart. */
interface Subject {
  /** The contract family (platform) to leave out of comparisons; null for a record. */
  family: number | null;
  recordId: number | null;
  sellerCreditCode: string;
  buyerCreditCode: string;
  type: string;
  contractFieldCode: string;
  signedOn: string;
  contractValueFen: number;
  techValueFen: number;
}

/** Platform versions compared against: the current version of a filed, registered or elsewhere-registered family. */
const COMPARED_STATUSES = ["submitted", "registered", "elsewhere"] as const;
const DAY_MS = 86_400_000;
const familyOf = sql<number>`coalesce(${contracts.familyId}, ${contracts.id})`;

function daysApart(a: string, b: string): number {
  return Math.abs(Date.parse(a) - Date.parse(b)) / DAY_MS;
}

function fromContract(c: Contract): OtherContract {
  return { contractId: c.id, registrationNo: c.registrationNo ?? c.elsewhereNo, title: c.title, signedOn: c.signedOn, contractValueFen: c.contractValueFen };
}

function fromRecord(r: NationalRecord): OtherContract {
  return { nationalRecordId: r.id, registrationNo: r.registrationNo, title: r.title, signedOn: r.signedOn, contractValueFen: r.contractValueFen };
}

/** Current platform versions of other families between the same seller and buyer. */
function samePartyContracts(tx: Tx, s: Subject): Contract[] {
  return tx
    .select()
    .from(contracts)
    .where(
      and(
        eq(contracts.sellerCreditCode, s.sellerCreditCode),
        eq(contracts.buyerCreditCode, s.buyerCreditCode),
        isNull(contracts.supersededAt),
        isNull(contracts.cancelledAt),
        inArray(contracts.status, [...COMPARED_STATUSES]),
        s.family === null ? undefined : ne(familyOf, s.family),
      ),
    )
    .all();
}

/** Imported records between the same seller and buyer, other than the subject, with the family of the platform contract each names. */
function samePartyRecords(tx: Tx, s: Subject): { record: NationalRecord; family: number | null }[] {
  return tx
    .select({ record: nationalRecords, family: sql<number | null>`coalesce(${contracts.familyId}, ${contracts.id})` })
    .from(nationalRecords)
    .leftJoin(contracts, eq(contracts.id, nationalRecords.contractId))
    .where(
      and(
        eq(nationalRecords.sellerCreditCode, s.sellerCreditCode),
        eq(nationalRecords.buyerCreditCode, s.buyerCreditCode),
        ne(nationalRecords.status, "cancelled"),
        s.recordId === null ? undefined : ne(nationalRecords.id, s.recordId),
      ),
    )
    .all();
}

function amountChecks(s: Subject, line: number): FoundFlag[] {
  const found: FoundFlag[] = [];
  if (s.techValueFen <= 0 || s.techValueFen > s.contractValueFen) {
    found.push({ kind: "tech_amount", detail: { techValueFen: s.techValueFen, contractValueFen: s.contractValueFen } });
  }
  if (s.contractValueFen > line) found.push({ kind: "large_amount", detail: { contractValueFen: s.contractValueFen, reviewLineFen: line } });
  return found;
}

/**
 * 拆分: the same parties and subject (type and 技术领域), signed within the window of each
 * other, each at or below the review line and together above it. A matched record is its
 * platform contract, so it is compared only when that contract is not already in the list.
 */
function splitCheck(tx: Tx, s: Subject, checks: RegistrationChecks): FoundFlag | null {
  const line = checks.reviewLineFen;
  if (s.contractValueFen > line) return null;
  const near = (o: { type: string; contractFieldCode: string; signedOn: string; contractValueFen: number }) =>
    o.type === s.type &&
    o.contractFieldCode === s.contractFieldCode &&
    o.contractValueFen <= line &&
    daysApart(o.signedOn, s.signedOn) <= checks.splitWindowDays;
  const platform = samePartyContracts(tx, s).filter(near);
  const families = new Set(platform.map((c) => c.familyId ?? c.id));
  const records = samePartyRecords(tx, s).filter(
    ({ record, family }) =>
      near(record) && (record.status === "off_platform" || (record.status === "matched" && family !== null && family !== s.family && !families.has(family))),
  );
  const others = [...platform.map(fromContract), ...records.map(({ record }) => fromRecord(record))];
  const combinedFen = others.reduce((sum, o) => sum + o.contractValueFen, s.contractValueFen);
  if (others.length === 0 || combinedFen <= line) return null;
  return { kind: "likely_split", detail: { others, combinedFen, reviewLineFen: line, windowDays: checks.splitWindowDays } };
}

const sameDeal = (s: Subject, o: { signedOn: string; contractValueFen: number }) => o.signedOn === s.signedOn && o.contractValueFen === s.contractValueFen;

/** Platform families and national records that are this platform filing again: by number, or by parties, date and amount. */
function contractDuplicates(tx: Tx, c: Contract, s: Subject): OtherContract[] {
  const numbers = [c.registrationNo, c.elsewhereNo].filter((n): n is string => !!n);
  const byParties = samePartyContracts(tx, s).filter((o) => sameDeal(s, o));
  const byNumber =
    numbers.length === 0
      ? []
      : tx
          .select()
          .from(contracts)
          .where(
            and(
              or(inArray(contracts.registrationNo, numbers), inArray(contracts.elsewhereNo, numbers)),
              isNull(contracts.supersededAt),
              isNull(contracts.cancelledAt),
              ne(familyOf, s.family!),
            ),
          )
          .all();
  const platform = new Map([...byNumber, ...byParties].map((o) => [o.id, fromContract(o)]));
  // A record that names this family was matched to it, or waits for the registrar to say whether it is it.
  const records = samePartyRecords(tx, s)
    .filter(({ record, family }) => family !== s.family && sameDeal(s, record))
    .map(({ record }) => record);
  if (numbers.length > 0) {
    const numbered = tx
      .select({ record: nationalRecords, family: familyOf })
      .from(nationalRecords)
      .leftJoin(contracts, eq(contracts.id, nationalRecords.contractId))
      .where(and(inArray(nationalRecords.registrationNo, numbers), ne(nationalRecords.status, "cancelled")))
      .all();
    for (const { record, family } of numbered) if (family !== s.family && !records.some((r) => r.id === record.id)) records.push(record);
  }
  return [...platform.values(), ...records.map(fromRecord)];
}

/** The checks on one platform contract version at filing or at registration. */
export function detectContractFlags(tx: Tx, contractId: number, stage: "filing" | "registration", now: Date): FoundFlag[] {
  const c = tx.select().from(contracts).where(eq(contracts.id, contractId)).get();
  if (!c) return [];
  const checks = registrationChecks(tx);
  const s: Subject = { ...c, family: c.familyId ?? c.id, recordId: null };
  const found = amountChecks(s, checks.reviewLineFen);
  const nonTechFen = c.equipmentFen + c.instrumentsFen + c.materialsFen + c.otherFen;
  if (nonTechFen * 2 > c.contractValueFen) {
    const items = { equipmentFen: c.equipmentFen, instrumentsFen: c.instrumentsFen, materialsFen: c.materialsFen, otherFen: c.otherFen };
    found.push({ kind: "non_tech_share", detail: { nonTechFen, contractValueFen: c.contractValueFen, ...items } });
  }
  const sameCode = c.sellerCreditCode === c.buyerCreditCode;
  const sameOrg = c.sellerOrgId !== null && c.sellerOrgId === c.buyerOrgId;
  if (c.relatedParty || sameCode || sameOrg)
    found.push({ kind: "related_party", detail: { declared: c.relatedParty, sameCreditCode: sameCode, sameOrganisation: sameOrg } });
  const split = splitCheck(tx, s, checks);
  if (split) found.push(split);
  const duplicates = contractDuplicates(tx, c, s);
  if (duplicates.length > 0) found.push({ kind: "duplicate", detail: { others: duplicates } });
  if (stage === "registration") found.push(...registrationTimeChecks(c, checks, now));
  return found;
}

/** Only a contract in force is registered, and the registrar decides within the window of filing. */
function registrationTimeChecks(c: Contract, checks: RegistrationChecks, now: Date): FoundFlag[] {
  const found: FoundFlag[] = [];
  const today = todayInShanghai(now);
  if (today > c.termEnd) found.push({ kind: "term_ended", detail: { termEnd: c.termEnd, registeredOn: today } });
  if (c.submittedAt && now.getTime() - Date.parse(c.submittedAt) > checks.decisionWindowDays * DAY_MS) {
    const days = Math.floor((now.getTime() - Date.parse(c.submittedAt)) / DAY_MS);
    found.push({ kind: "late_decision", detail: { submittedAt: c.submittedAt, decidedAt: now.toISOString(), days, windowDays: checks.decisionWindowDays } });
  }
  return found;
}

/**
 * The checks on one imported record. The importer matches a record whose number is a platform
 * contract's and puts one with a platform contract's parties, date and amount to confirm; so a
 * duplicate here is another record with the same parties, date and amount under another number.
 */
export function detectRecordFlags(tx: Tx, nationalRecordId: number, _now: Date): FoundFlag[] {
  const r = tx.select().from(nationalRecords).where(eq(nationalRecords.id, nationalRecordId)).get();
  if (!r) return [];
  const checks = registrationChecks(tx);
  const linked = r.contractId === null ? undefined : tx.select({ family: familyOf }).from(contracts).where(eq(contracts.id, r.contractId)).get();
  const s: Subject = { ...r, family: linked?.family ?? null, recordId: r.id };
  const found = amountChecks(s, checks.reviewLineFen);
  if (r.sellerCreditCode === r.buyerCreditCode)
    found.push({ kind: "related_party", detail: { declared: false, sameCreditCode: true, sameOrganisation: false } });
  const split = splitCheck(tx, s, checks);
  if (split) found.push(split);
  const duplicates = samePartyRecords(tx, s)
    .filter(({ record }) => sameDeal(s, record) && record.registrationNo !== r.registrationNo)
    .map(({ record }) => fromRecord(record));
  if (duplicates.length > 0) found.push({ kind: "duplicate", detail: { others: duplicates } });
  return found;
}
