// The non-technical items (非技术性费用) deducted from 成交额 to give 技术交易额: plain
// arithmetic the forms, the page and the services share, without any validation library.

/** The four non-technical items in fen. */
export type NonTechItems = { equipmentFen: number; instrumentsFen: number; materialsFen: number; otherFen: number };
export const NON_TECH_COLUMNS = ["equipmentFen", "instrumentsFen", "materialsFen", "otherFen"] as const;
/** Where a form reports that the items together exceed 成交额. */
export const NON_TECH_FIELD = "nonTechItems";

export function nonTechSum(items: NonTechItems): number {
  return items.equipmentFen + items.instrumentsFen + items.materialsFen + items.otherFen;
}

/** 技术交易额 = 成交额 − the non-technical items. */
export function techValueOf(contractValueFen: number, items: NonTechItems): number {
  return contractValueFen - nonTechSum(items);
}
