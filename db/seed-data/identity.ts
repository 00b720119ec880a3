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
  // Invention patents take two to three years to grant; utility and design ones about one.
  const year = kind === 1 ? rng.int(2016, 2023) : rng.int(2018, 2025);
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
const SURNAMES = [..."王王王李李李张张刘刘赵赵郭郭杨杨武武贾贾范韩高薛白任阎温梁冯郝段乔孟田牛霍柴秦宋吕成马陈孙胡朱周吴徐曹崔康"];
// Given names as people of several generations in Shanxi carry them; combining single
// characters at random produced names nobody has.
const GIVEN = [
  "建国",
  "志强",
  "晓燕",
  "海涛",
  "丽娟",
  "文博",
  "俊峰",
  "宏亮",
  "秀英",
  "立新",
  "鹏飞",
  "慧娟",
  "瑞雪",
  "晋生",
  "永胜",
  "国栋",
  "春梅",
  "淑珍",
  "翠兰",
  "建军",
  "志刚",
  "红霞",
  "海燕",
  "晓东",
  "文杰",
  "振华",
  "玉梅",
  "利平",
  "卫东",
  "建华",
  "素芳",
  "桂英",
  "小军",
  "亚楠",
  "思远",
  "子轩",
  "雨萱",
  "佳怡",
  "浩然",
  "一鸣",
  "晨阳",
  "嘉豪",
  "欣怡",
  "梓涵",
  "宇航",
  "天宇",
  "晓丽",
  "春生",
  "二虎",
  "改英",
  "润生",
  "晋平",
  "云峰",
  "爱国",
  "金花",
  "宝贵",
  "彦斌",
  "瑞芳",
  "泽宇",
  "雅琴",
  "斌",
  "磊",
  "静",
  "敏",
  "涛",
  "勇",
  "杰",
  "娜",
  "霞",
  "鑫",
  "琳",
  "超",
  "峰",
  "军",
  "强",
  "伟",
  "芳",
  "燕",
  "丹",
  "璐",
] as const;

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN);
}

/** An office line (Lüliang is 0358, Taiyuan 0351): invented numbers, formatted as printed on a business card. */
export function officePhone(rng: Rng, areaCode = "0358"): string {
  return `${areaCode}-${rng.pick(["2", "3", "6", "7", "8"])}${String(rng.int(0, 999_999)).padStart(6, "0")}`;
}
