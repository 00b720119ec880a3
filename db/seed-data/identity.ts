// Identifiers that have to look and validate like the real thing: credit codes, patent and
// registration numbers, people's names and office telephones. All of them are invented.

import { creditCodeCheckChar } from "../credit-code";
import type { IpType } from "../schema";
import type { Rng } from "./random";

const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const GB11714_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 check character of an 8-character organisation code body (position 17 of a credit code). */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8[i]!;
    const v = /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55;
    sum += v * GB11714_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

/**
 * A credit code that passes both checks: the GB 32100 check character and the GB 11714
 * one inside it, since some validators out there test the second as well.
 * Enterprises registered since 2015 carry "MA" bodies; public bodies keep numeric ones.
 */
export function makeCreditCode(rng: Rng, prefix2: string, division: string): string {
  let body: string;
  if (prefix2.startsWith("9")) {
    body = "MA0";
    for (let i = 0; i < 5; i++) body += rng.pick([...USCC_ALPHABET]);
  } else {
    body = "";
    for (let i = 0; i < 8; i++) body += String(rng.int(0, 9));
  }
  const first17 = prefix2 + division + body + orgCodeCheckChar(body);
  const check = creditCodeCheckChar(first17);
  if (!check) throw new Error(`credit code body outside the alphabet: ${first17}`);
  return first17 + check;
}

/** CNIPA application-number check digit (12-digit numbers since 2003): weights 2..9,2..5, mod 11, 10 → X. */
export function patentCheckDigit(digits12: string): string {
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits12[i]) * weights[i]!;
  const c = sum % 11;
  return c === 10 ? "X" : String(c);
}

function patentNumber(rng: Rng, kind: 1 | 2 | 3): string {
  const year = rng.int(2018, 2025);
  const serial = String(rng.int(100_000, 1_999_999)).padStart(7, "0");
  const digits = `${year}${kind}${serial}`;
  return `ZL${digits}.${patentCheckDigit(digits)}`;
}

/** Registration numbers matching the IP type: patents get the ZL format, software its SR number. */
export function ipNumbers(rng: Rng, ip: IpType): string[] {
  const count = rng.chance(0.35) ? 2 : 1;
  const out = new Set<string>();
  for (let i = 0; i < count; i++) {
    switch (ip) {
      case "invention_patent":
        out.add(patentNumber(rng, 1));
        break;
      case "utility_patent":
        out.add(patentNumber(rng, 2));
        break;
      case "design_patent":
        out.add(patentNumber(rng, 3));
        break;
      case "software_copyright":
        out.add(`${rng.int(2021, 2025)}SR${String(rng.int(100_000, 1_899_999)).padStart(7, "0")}`);
        break;
      case "plant_variety":
        out.add(`CNA${rng.int(2019, 2024)}${String(rng.int(1000, 9999))}.${rng.int(0, 9)}`);
        break;
      case "ic_layout":
        out.add(`BS.${rng.int(21, 25)}5${String(rng.int(100_000, 999_999))}.${rng.int(0, 9)}`);
        break;
      default:
        return [];
    }
  }
  return [...out];
}

// Surnames weighted towards those common in western Shanxi.
const SURNAMES = [
  ..."王王王李李李张张刘刘赵赵郭郭杨杨武武贾贾范韩高薛白任阎温梁冯郝段乔孟田牛霍柴秦宋吕闫成马陈孙胡朱周吴徐曹崔康",
];
const GIVEN = [
  ..."建国伟军华明丽艳芳敏静强磊洋勇杰涛斌鹏飞宇晨浩然志刚晓东海燕红霞文博俊峰宏亮彦平慧娟瑞雪子涵佳琪振兴瑾瑜世昌永胜晋生庆丰立新春梅秀英淑珍翠兰国栋",
];

export function personName(rng: Rng): string {
  const surname = rng.pick(SURNAMES);
  const len = rng.chance(0.7) ? 2 : 1;
  let given = "";
  for (let i = 0; i < len; i++) given += rng.pick(GIVEN);
  return surname + given;
}

/** Office line in Lüliang's 0358 area: invented numbers, formatted as printed on a business card. */
export function officePhone(rng: Rng): string {
  return `0358-${rng.pick(["2", "3", "6", "7", "8"])}${String(rng.int(0, 999_999)).padStart(6, "0")}`;
}

