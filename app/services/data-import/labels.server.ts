import { eq } from "drizzle-orm";
import type { Db, Tx } from "../../../db/connection";
import { counties, industryChains, techFields } from "../../../db/schema";
import { COOPERATION_MODES, IP_TYPES, ORG_KINDS, TRANSFER_MODES } from "../../codes";
import { translate } from "../../i18n";

// The words a spreadsheet uses for a coded choice (a county, a chain, a field, a cooperation or
// transfer mode, an IP type, an organisation's kind): its Chinese name, its English name or its
// code, each to the code the form posts.

export type LabelMap = ReadonlyMap<string, string>;

/** A label as compared: NFKC, no spaces, lower case. */
export function labelKey(label: string): string {
  return label.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

function add(map: Map<string, string>, code: string, ...names: string[]) {
  for (const n of names) if (n) map.set(labelKey(n), code);
}

function codedLabels(codes: readonly string[], prefix: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const c of codes) add(map, c, c, translate("zh-CN", `${prefix}${c}`), translate("en", `${prefix}${c}`));
  return map;
}

export interface ImportLabels {
  counties: LabelMap;
  chains: LabelMap;
  fields: LabelMap;
  cooperationModes: LabelMap;
  transferModes: LabelMap;
  ipTypes: LabelMap;
  orgKinds: LabelMap;
}

export function importLabels(db: Db | Tx): ImportLabels {
  const countyMap = new Map<string, string>();
  for (const c of db.select().from(counties).all()) {
    // 离石区 may be written 离石; 汾阳市 汾阳.
    add(countyMap, c.code, c.code, c.nameZh, c.nameEn, c.nameZh.length > 2 ? c.nameZh.replace(/[市县区]$/, "") : "");
  }
  const chainMap = new Map<string, string>();
  for (const c of db.select().from(industryChains).all()) add(chainMap, c.id, c.id, c.nameZh, c.nameEn, c.nameZh.replace(/产业链$/, ""));
  const fieldMap = new Map<string, string>();
  // The forms offer the second level of the high-tech fields; a name or a code of one of those.
  for (const f of db.select().from(techFields).where(eq(techFields.vocabulary, "hightech")).all()) {
    if (f.level === 2) add(fieldMap, f.code, f.code, f.nameZh, f.nameEn);
  }
  const orgKinds = codedLabels(ORG_KINDS, "orgKind.");
  add(orgKinds, "enterprise", "企业", "公司");
  add(orgKinds, "institute", "高校", "科研院所", "高等院校", "高校院所");
  add(orgKinds, "agency", "技术转移机构", "服务机构");
  add(orgKinds, "government", "政府", "政府部门", "机关");
  return {
    counties: countyMap,
    chains: chainMap,
    fields: fieldMap,
    cooperationModes: codedLabels(COOPERATION_MODES, "mode."),
    transferModes: codedLabels(TRANSFER_MODES, "mode."),
    ipTypes: codedLabels(IP_TYPES, "ip."),
    orgKinds,
  };
}

/** The code for a label, or the text as typed (then the schema refuses it) — undefined when empty. */
export function toCode(map: LabelMap, cell: string | undefined): string | undefined {
  if (cell === undefined || cell.trim() === "") return undefined;
  return map.get(labelKey(cell)) ?? cell.trim();
}

/** A list of labels in one cell (技术转让、合作开发), each to its code. */
export function toCodes(map: LabelMap, cell: string | undefined): string[] {
  if (cell === undefined) return [];
  return cell
    .split(/[,，、;；/\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => map.get(labelKey(s)) ?? s);
}
