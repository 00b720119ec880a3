// What the registration desk holds besides the platform's own filings: one import from the
// national system (全国技术合同管理与服务系统) with contracts registered off the platform, one
// that is a platform contract registered elsewhere and one the registrar must rule on; and the
// padding flags raised on a few filings and records, most already cleared with a reason.
// Run by seedContracts once the contracts and their numbers exist.

import { createHash } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "../connection";
import { auditEvents, contractFlags, contracts, nationalImports, nationalRecords, type Contract, type ContractType, type User } from "../schema";
import { makeCreditCode } from "./identity";
import { creditCodeOf, orgByKey, SEED } from "./organisations";
import { childRng } from "./random";
import { addDays, iso, storyDate } from "./timeline";

/** A party of an imported record: a demo organisation by key, or one off the platform. */
export type PartySeed = string | { name: string; division: string };

interface RecordSeed {
  title: string;
  type: ContractType;
  field: string;
  seller: PartySeed;
  buyer: PartySeed;
  /** 成交额 and 技术交易额 in yuan, as the national system exports them. */
  yuan: number;
  techYuan: number;
  signed: string;
  registered: string;
  office: { name: string; code: string; serial: number };
}

export const XIAOYI = { name: "孝义市技术合同认定登记点", code: "141181" };
const FENYANG = { name: "汾阳市技术合同认定登记点", code: "141182" };
const LULIANG = { name: "吕梁市技术合同认定登记站", code: "141100" };
const TAIYUAN = { name: "太原市技术市场管理办公室", code: "140100" };
const BEIJING = { name: "北京技术市场管理办公室", code: "110000" };

/**
 * Registered off the platform: early 2025 at the city's desk before the platform opened (the
 * serials below 100 that the platform's numbering starts above), later at the county points,
 * and a few bought from partners in Taiyuan and Beijing, registered by their offices.
 */
const RECORDS: readonly RecordSeed[] = [
  {
    title: "煤矸石井下充填开采方案技术咨询",
    type: "CON",
    field: "C08",
    seller: "llu",
    buyer: "juyuan-coal",
    yuan: 180_000,
    techYuan: 180_000,
    signed: "2024-12-18",
    registered: "2025-01-15",
    office: { ...LULIANG, serial: 6 },
  },
  {
    title: "焦炉煤气制甲醇驰放气提氢技术服务",
    type: "SRV",
    field: "C07",
    seller: "tyut-ll",
    buyer: { name: "山西晋中华泰焦化有限公司", division: "140702" },
    yuan: 465_000,
    techYuan: 402_000,
    signed: "2025-01-06",
    registered: "2025-01-24",
    office: { ...LULIANG, serial: 11 },
  },
  {
    title: "红枣汁酶解澄清工艺技术开发",
    type: "DEV",
    field: "C10",
    seller: "sxmu-fy",
    buyer: "huanghe-dates",
    yuan: 220_000,
    techYuan: 176_000,
    signed: "2025-01-10",
    registered: "2025-02-12",
    office: { ...LULIANG, serial: 17 },
  },
  {
    title: "矿用防爆电机远程状态监测系统技术开发",
    type: "DEV",
    field: "C02",
    seller: "zhikuang",
    buyer: { name: "榆林市榆阳区金鼎煤业有限公司", division: "610802" },
    yuan: 1_386_000,
    techYuan: 1_108_800,
    signed: "2025-02-05",
    registered: "2025-02-26",
    office: { ...LULIANG, serial: 24 },
  },
  {
    title: "焦油渣配煤炼焦资源化利用技术秘密转让",
    type: "TRF",
    field: "C07",
    seller: "pengrui",
    buyer: { name: "乌海市宏达焦化有限责任公司", division: "150302" },
    yuan: 850_000,
    techYuan: 850_000,
    signed: "2025-06-20",
    registered: "2025-07-08",
    office: { ...XIAOYI, serial: 7 },
  },
  {
    title: "高炉煤气精脱硫工艺技术服务",
    type: "SRV",
    field: "C08",
    seller: { name: "太原理工大学", division: "140109" },
    buyer: "changsheng-steel",
    yuan: 640_000,
    techYuan: 560_000,
    signed: "2025-09-02",
    registered: "2025-09-25",
    office: { ...TAIYUAN, serial: 2_389 },
  },
  {
    title: "酿酒丢糟生物发酵蛋白饲料技术转让",
    type: "TRF",
    field: "C10",
    seller: "xingyuan-liquor",
    buyer: { name: "宁夏中卫市沙坡头牧业有限公司", division: "640502" },
    yuan: 300_000,
    techYuan: 300_000,
    signed: "2025-11-11",
    registered: "2025-12-02",
    office: { ...FENYANG, serial: 12 },
  },
  {
    title: "煤层气井压裂返排液处理回用技术开发",
    type: "DEV",
    field: "C07",
    seller: "tangu",
    buyer: { name: "山西蓝焰煤层气集团有限责任公司", division: "140525" },
    yuan: 2_350_000,
    techYuan: 1_880_000,
    signed: "2026-01-12",
    registered: "2026-02-03",
    office: { ...XIAOYI, serial: 3 },
  },
  // Above the 10 million yuan review line: the import raised it for an expert re-review.
  {
    title: "车用燃料电池系统集成技术专利实施许可（普通许可）",
    type: "LIC",
    field: "C07",
    seller: { name: "北京清氢动力科技有限公司", division: "110108" },
    buyer: "jinqing",
    yuan: 12_600_000,
    techYuan: 12_600_000,
    signed: "2026-03-20",
    registered: "2026-04-16",
    office: { ...BEIJING, serial: 41_702 },
  },
  {
    title: "镁合金压铸废料重熔再生技术开发",
    type: "DEV",
    field: "C06",
    seller: "dongxin-almg",
    buyer: { name: "保定市恒润汽车零部件有限公司", division: "130606" },
    yuan: 960_000,
    techYuan: 744_000,
    signed: "2026-05-08",
    registered: "2026-06-02",
    office: { ...XIAOYI, serial: 11 },
  },
  {
    title: "黄芪提取物指纹图谱质量检测技术服务",
    type: "SRV",
    field: "C05",
    seller: "fenkang",
    buyer: { name: "山西振东制药股份有限公司", division: "140427" },
    yuan: 158_000,
    techYuan: 142_000,
    signed: "2026-07-15",
    registered: "2026-08-06",
    office: { ...FENYANG, serial: 9 },
  },
  {
    title: "碳纤维原丝油剂配方技术秘密转让",
    type: "TRF",
    field: "C06",
    seller: "tangu",
    buyer: { name: "江苏恒神碳材料有限公司", division: "321181" },
    yuan: 1_500_000,
    techYuan: 1_500_000,
    signed: "2026-09-03",
    registered: "2026-09-22",
    office: { ...XIAOYI, serial: 17 },
  },
];

const IMPORTED_ON = "2026-11-10T02:40:00.000Z";
const FEN_PER_YUAN = 100;

export interface Subject {
  name: string;
  code: string;
  division: string;
}

export function partyOf(p: PartySeed): Subject {
  if (typeof p === "string") {
    const org = orgByKey(p);
    return { name: org.name, code: creditCodeOf(org), division: org.countyCode ?? "141100" };
  }
  return { name: p.name, code: makeCreditCode(childRng(SEED, `national-party:${p.name}`), "91", `${p.division.slice(0, 4)}00`), division: p.division };
}

/** A point in [from, to] at fraction u: when the registrar got round to it. */
const between = (from: Date, to: Date, u: number) => new Date(Math.floor((from.getTime() + (to.getTime() - from.getTime()) * u) / 1000) * 1000);

/** Seeds the import, its records and the padding flags; writes nothing the run day has not reached. */
export function seedDeskRecords(tx: Tx, admin: User, now: Date): void {
  const latest = new Date(now.getTime() - 3_600_000);
  const importedAt = new Date(Math.min(Date.parse(storyDate(IMPORTED_ON)), latest.getTime()));
  const audit = (entity: string, action: string, id: number, at: Date, after: unknown, actor: User | null = admin) =>
    tx
      .insert(auditEvents)
      .values({
        actorUserId: actor?.id ?? null,
        actorRole: actor?.role ?? null,
        actorOrgId: actor?.orgId ?? null,
        action,
        entity,
        entityId: String(id),
        after,
        createdAt: iso(at),
      })
      .run();
  const day = iso(importedAt).slice(0, 10);
  const byTitle = (title: string) =>
    tx
      .select()
      .from(contracts)
      .where(and(eq(contracts.title, title), isNull(contracts.amendsId)))
      .get();

  type Row = Omit<typeof nationalRecords.$inferInsert, "importId" | "rowNo">;
  const rows: Row[] = [];
  for (const rec of RECORDS.map((x) => ({ ...x, signed: storyDate(x.signed), registered: storyDate(x.registered) }))) {
    if (rec.registered >= day) continue;
    const seller = partyOf(rec.seller);
    const buyer = partyOf(rec.buyer);
    rows.push({
      registrationNo: `${rec.registered.slice(0, 4)}${rec.office.code}${String(rec.office.serial).padStart(6, "0")}`,
      title: rec.title,
      type: rec.type,
      contractFieldCode: rec.field,
      sellerName: seller.name,
      sellerCreditCode: seller.code,
      sellerDivision: seller.division,
      buyerName: buyer.name,
      buyerCreditCode: buyer.code,
      buyerDivision: buyer.division,
      contractValueFen: rec.yuan * FEN_PER_YUAN,
      techValueFen: rec.techYuan * FEN_PER_YUAN,
      signedOn: rec.signed,
      registeredOn: rec.registered,
      registrationYear: Number(rec.registered.slice(0, 4)),
      office: rec.office.name,
      status: "off_platform",
    });
  }
  const fromContract = (c: Contract, status: "matched" | "to_confirm", no: string, office: string, registeredOn: string): Row => ({
    registrationNo: no,
    title: c.title,
    type: c.type,
    contractFieldCode: c.contractFieldCode,
    sellerName: c.sellerName,
    sellerCreditCode: c.sellerCreditCode,
    sellerDivision: c.sellerDivision,
    buyerName: c.buyerName,
    buyerCreditCode: c.buyerCreditCode,
    buyerDivision: c.buyerDivision,
    contractValueFen: c.contractValueFen,
    techValueFen: c.techValueFen,
    signedOn: c.signedOn,
    registeredOn,
    registrationYear: Number(registeredOn.slice(0, 4)),
    office,
    status,
    contractId: c.id,
  });
  // The platform's own contract registered in Taiyuan comes back from the national system under its number.
  const elsewhere = tx
    .select()
    .from(contracts)
    .where(eq(contracts.status, "elsewhere"))
    .all()
    .filter((c) => c.elsewhereConfirmedAt !== null && c.elsewhereRegisteredOn! < day)
    .sort((a, b) => b.elsewhereRegisteredOn!.localeCompare(a.elsewhereRegisteredOn!))[0];
  if (elsewhere) rows.push(fromContract(elsewhere, "matched", elsewhere.elsewhereNo!, elsewhere.elsewhereOffice!, elsewhere.elsewhereRegisteredOn!));
  // The same parties, day and amount as a contract the desk registered, under another number
  // from a county point: registered twice, or a second contract? The registrar decides.
  const twin = byTitle("红枣多糖提取与功能食品配方开发");
  if (twin?.status === "registered" && twin.registeredAt) {
    const on = iso(addDays(new Date(twin.registeredAt), 6)).slice(0, 10);
    if (on < day) rows.push(fromContract(twin, "to_confirm", `${on.slice(0, 4)}${FENYANG.code}${String(14).padStart(6, "0")}`, FENYANG.name, on));
  }
  if (rows.length === 0) return;

  const count = (status: string) => rows.filter((r) => r.status === status).length;
  const fileName = `全国技术合同管理与服务系统_合同登记导出_${day}.xlsx`;
  const batch = tx
    .insert(nationalImports)
    .values({
      fileName,
      sha256: createHash("sha256").update(JSON.stringify(rows)).digest("hex"),
      rows: rows.length,
      imported: count("off_platform"),
      matched: count("matched"),
      toConfirm: count("to_confirm"),
      importedBy: admin.id,
      createdAt: iso(importedAt),
    })
    .returning()
    .get();
  audit("national_import", "import", batch.id, importedAt, batch);
  const inserted = rows.map((row, i) => {
    const rec = tx
      .insert(nationalRecords)
      .values({ ...row, importId: batch.id, rowNo: i + 2, createdAt: iso(importedAt) })
      .returning()
      .get();
    audit("national_record", "import", rec.id, importedAt, rec);
    return rec;
  });

  seedFlags(tx, admin, latest, importedAt, byTitle, inserted, audit);
}

type Audit = (entity: string, action: string, id: number, at: Date, after: unknown, actor?: User | null) => void;

/** Flags on a few subjects: raised when the check would have run, cleared by the registrar before registration, or still open. */
function seedFlags(
  tx: Tx,
  admin: User,
  latest: Date,
  importedAt: Date,
  byTitle: (title: string) => Contract | undefined,
  records: (typeof nationalRecords.$inferSelect)[],
  audit: Audit,
): void {
  const raise = (
    subject: { contractId: number } | { nationalRecordId: number },
    kind: (typeof contractFlags.$inferInsert)["kind"],
    stage: "filing" | "registration" | "import",
    detail: Record<string, unknown>,
    raisedAt: Date,
    clear: { at: Date; reason: string } | null,
  ) => {
    const cleared = clear && clear.at <= latest ? clear : null;
    const flag = tx
      .insert(contractFlags)
      .values({ ...subject, kind, stage, detail, raisedAt: iso(raisedAt) })
      .returning()
      .get();
    audit("contract_flag", "raise", flag.id, raisedAt, flag, null);
    if (!cleared) return;
    const after = tx
      .update(contractFlags)
      .set({ clearedAt: iso(cleared.at), clearedBy: admin.id, clearReason: cleared.reason })
      .where(eq(contractFlags.id, flag.id))
      .returning()
      .get();
    audit("contract_flag", "clear", flag.id, cleared.at, after);
  };
  // Cleared at the desk before the registration it was holding up.
  const beforeRegistration = (c: Contract, reason: string) => ({
    at: between(new Date(c.submittedAt!), new Date(c.registeredAt!), 0.6),
    reason,
  });

  const first = byTitle("煤矿井下5G智能巡检机器人技术开发");
  const second = byTitle("煤矿井下5G智能巡检机器人技术开发（二期）");
  if (first && second?.submittedAt && second.status === "registered") {
    const days = Math.round((Date.parse(second.signedOn) - Date.parse(first.signedOn)) / 86_400_000);
    raise(
      { contractId: second.id },
      "likely_split",
      "filing",
      { otherContractId: first.id, otherTitle: first.title, days, combinedFen: first.contractValueFen + second.contractValueFen },
      new Date(second.submittedAt),
      beforeRegistration(second, "二期为一期验收后新增三个采区的部署与联调，标的、交付物和验收节点与一期不同，经核对两份合同及立项材料，不属于拆分合同。"),
    );
  }
  const related = byTitle("70MPa车载储氢瓶组合阀国产化合作开发");
  if (related?.submittedAt && related.status === "registered") {
    raise(
      { contractId: related.id },
      "related_party",
      "filing",
      { relatedParty: true },
      new Date(related.submittedAt),
      beforeRegistration(related, "研究院由买方参与发起设立，买方不控股；合同价格参照同类项目并附第三方评估报告，关联交易已如实申报，同意登记。"),
    );
  }
  const heavy = byTitle("赤泥提铁尾渣制备陶粒技术开发");
  if (heavy?.submittedAt && heavy.status === "submitted") {
    const nonTech = heavy.equipmentFen + heavy.instrumentsFen + heavy.materialsFen + heavy.otherFen;
    raise(
      { contractId: heavy.id },
      "non_tech_share",
      "filing",
      { nonTechFen: nonTech, contractValueFen: heavy.contractValueFen, sharePct: Math.round((nonTech / heavy.contractValueFen) * 100) },
      new Date(heavy.submittedAt),
      null,
    );
  }
  const large = records.find((r) => r.status === "off_platform" && r.contractValueFen > 1_000_000_000);
  if (large) {
    raise({ nationalRecordId: large.id }, "large_amount", "import", { contractValueFen: large.contractValueFen, lineFen: 1_000_000_000 }, importedAt, {
      at: addDays(importedAt, 3),
      reason: "经专家复审，许可费与同类燃料电池系统专利许可价格相当，技术交易额核定无误。",
    });
  }
}
