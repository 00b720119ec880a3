import { eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { contracts, nationalImports, nationalRecords, type Contract, type NationalRecord, type NewContract } from "../../db/schema";
import { freshCreditCode } from "../helpers/app";

// Contracts and national records written as rows, the way the filing and import services
// leave them, so the padding checks can be run on exactly the case each test needs.

export const LINE = 1_000_000_000;

export interface Parties {
  sellerCreditCode: string;
  buyerCreditCode: string;
}

/** A seller and a buyer no other test uses. */
export function freshParties(): Parties {
  return { sellerCreditCode: freshCreditCode(), buyerCreditCode: freshCreditCode() };
}

/** A filed 技术开发 contract of 3,000,000 yuan; 技术交易额 follows from the items unless given. */
export function insertContract(db: Db, createdBy: number, parties: Parties, o: Partial<NewContract> = {}): Contract {
  const contractValueFen = o.contractValueFen ?? 300_000_000;
  const items = (o.equipmentFen ?? 0) + (o.instrumentsFen ?? 0) + (o.materialsFen ?? 0) + (o.otherFen ?? 0);
  return writeTx(db, (tx) => {
    const row = tx
      .insert(contracts)
      .values({
        title: "焦炉煤气制氢提纯技术开发",
        type: "DEV",
        subType: "commissioned",
        buyerName: "孝义市鹏瑞煤焦化工集团有限公司",
        buyerDivision: "141181",
        sellerName: "太原理工大学吕梁产业研究院",
        sellerDivision: "141102",
        signedOn: "2026-03-18",
        termStart: "2026-03-18",
        termEnd: "2027-12-31",
        paymentMode: "lump_sum_once",
        milestones: [],
        contractFieldCode: "C07",
        ipTypes: [],
        status: "submitted",
        submittedAt: "2026-04-01T02:00:00.000Z",
        createdBy,
        ...parties,
        ...o,
        contractValueFen,
        techValueFen: o.techValueFen ?? contractValueFen - items,
      })
      .returning()
      .get();
    if (o.familyId !== undefined) return row;
    return tx.update(contracts).set({ familyId: row.id }).where(eq(contracts.id, row.id)).returning().get();
  });
}

let recordNo = 0;

/** An imported off-platform record of 3,000,000 yuan registered in 2026. */
export function insertRecord(db: Db, parties: Parties, o: Partial<typeof nationalRecords.$inferInsert> = {}): NationalRecord {
  return writeTx(db, (tx) => {
    const imp = tx
      .insert(nationalImports)
      .values({ fileName: "export.xlsx", sha256: "0".repeat(64), rows: 1, imported: 1, matched: 0, toConfirm: 0 })
      .returning()
      .get();
    recordNo += 1;
    return tx
      .insert(nationalRecords)
      .values({
        registrationNo: `2026140000${String(recordNo).padStart(6, "0")}`,
        title: "煤矸石综合利用技术服务",
        type: "DEV",
        contractFieldCode: "C07",
        sellerName: "山西某研究院",
        sellerDivision: "141102",
        buyerName: "吕梁某企业",
        buyerDivision: "141181",
        contractValueFen: 300_000_000,
        techValueFen: 300_000_000,
        signedOn: "2026-03-18",
        registeredOn: "2026-04-10",
        registrationYear: 2026,
        office: "山西省技术市场管理办公室",
        status: "off_platform",
        importId: imp.id,
        rowNo: recordNo,
        ...parties,
        ...o,
      })
      .returning()
      .get();
  });
}
