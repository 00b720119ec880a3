// Registration numbers as the offices hand them out, and the non-technical items a registrar
// deducts from 成交额. A number is only known once every registration of the demo is placed in
// time, so the seed writes a placeholder first and numbers everything in order at the end.

import type { ContractType } from "../schema";
import { childRng } from "./random";
import { SEED } from "./organisations";

/** The office that registers a seller's contracts, from the seller's 行政区划代码. */
export interface Office {
  name: string;
  /** The six digits after the year in the office's numbers. */
  code: string;
  /** The office's yearly serials start above this and step by up to `step`: its own volume. */
  base: number;
  step: number;
}

export const LULIANG_OFFICE: Office = { name: "吕梁市技术合同认定登记站", code: "141100", base: 100, step: 1 };
const TAIYUAN: Office = { name: "太原市技术市场管理办公室", code: "140100", base: 2_300, step: 40 };
const BEIJING: Office = { name: "北京技术市场管理办公室", code: "110000", base: 41_000, step: 600 };

/** Lüliang's own desk for a 1411xx seller; Beijing's office for a Beijing seller; Taiyuan's for the rest of the demo's partners. */
export function officeOf(division: string): Office {
  if (division.startsWith("1411")) return LULIANG_OFFICE;
  if (division.startsWith("11")) return BEIJING;
  return TAIYUAN;
}

/** A number not yet given: unique text that stands in for it in rows and audit events. */
const token = (k: number) => `⟨no:${k}⟩`;

interface Pending {
  token: string;
  office: Office;
  year: number;
  /** When it was registered: an instant or a date; ordering within the year follows it. */
  at: string;
}

/** Hands out placeholders, then numbers them per office and year in order of registration. */
export class RegistryNumbers {
  private pending: Pending[] = [];

  reserve(office: Office, year: number, at: string): string {
    const t = token(this.pending.length);
    this.pending.push({ token: t, office, year, at });
    return t;
  }

  /** The real number for every placeholder handed out. */
  assign(taken: ReadonlySet<string>): Map<string, string> {
    const out = new Map<string, string>();
    const byBook = new Map<string, Pending[]>();
    for (const p of this.pending) {
      const key = `${p.office.code}:${p.year}`;
      byBook.set(key, [...(byBook.get(key) ?? []), p]);
    }
    for (const [key, list] of [...byBook].sort(([a], [b]) => a.localeCompare(b))) {
      const r = childRng(SEED, `registry:${key}`);
      let serial = list[0]!.office.base;
      for (const p of list.sort((a, b) => a.at.localeCompare(b.at) || a.token.localeCompare(b.token))) {
        let no: string;
        do {
          serial += p.office.step === 1 ? 1 : r.int(1, p.office.step);
          no = `${p.year}${p.office.code}${String(serial).padStart(6, "0")}`;
        } while (taken.has(no));
        out.set(p.token, no);
      }
    }
    return out;
  }
}

/** Every placeholder in a value (a row, an audit payload) replaced by its number. */
export function withNumbers<T>(value: T, numbers: ReadonlyMap<string, string>): T {
  if (value === null || value === undefined) return value;
  const text = JSON.stringify(value).replace(/⟨no:\d+⟩/g, (t) => numbers.get(t) ?? t);
  return JSON.parse(text) as T;
}

export interface NonTechItems {
  techValueFen: number;
  equipmentFen: number;
  instrumentsFen: number;
  materialsFen: number;
  otherFen: number;
}

/** Rounded to hundreds of yuan, as registrars write deductions. */
const hundreds = (fen: number) => Math.round(fen / 10_000) * 10_000;

/**
 * What the registrar deducts from 成交额 (DOMAIN §1.3): development contracts buy equipment,
 * instruments and materials for the project; services use materials; licences and transfers
 * of patents or secrets are technology through and through unless they ship equipment with
 * them; consulting has nothing to deduct. `techShare` is the intended 技术交易额 / 成交额.
 */
export function nonTechItems(type: ContractType, contractFen: number, techShare: number): NonTechItems {
  const pure = type === "CON" || ((type === "TRF" || type === "LIC") && techShare >= 0.9) || techShare >= 1;
  const deduction = pure ? 0 : Math.min(contractFen, contractFen - hundreds(contractFen * techShare));
  const parts = { equipment: 0, instruments: 0, materials: 0 };
  if (type === "DEV") {
    parts.equipment = hundreds(deduction * 0.55);
    parts.instruments = hundreds(deduction * 0.1);
    parts.materials = hundreds(deduction * 0.3);
  } else if (type === "SRV") {
    parts.instruments = hundreds(deduction * 0.25);
    parts.materials = hundreds(deduction * 0.6);
  } else if (type === "TRF" || type === "LIC") {
    parts.equipment = hundreds(deduction * 0.8);
  }
  const otherFen = deduction - parts.equipment - parts.instruments - parts.materials;
  return {
    techValueFen: contractFen - deduction,
    equipmentFen: parts.equipment,
    instrumentsFen: parts.instruments,
    materialsFen: parts.materials,
    otherFen,
  };
}
