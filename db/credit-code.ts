// 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and the upper-case letters
// without I, O, S, V, Z; the last is a check character computed modulo 31.

const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = "empty" | "length" | "characters" | "check";

/** Upper-cases, turns full-width characters into ASCII and drops spaces and dashes. */
export function normaliseCreditCode(input: string): string {
  return input
    .normalize("NFKC")
    .replace(/[\s\-－—]/g, "")
    .toUpperCase();
}

/** The check character for the first 17 characters, or null when one of them is not allowed. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i] ?? "");
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return ALPHABET[c === 31 ? 0 : c]!;
}

/** Checks a normalised code; returns the problem, or null when it is valid. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length === 0) return "empty";
  if (code.length !== 18) return "length";
  if (![...code].every((ch) => ALPHABET.includes(ch))) return "characters";
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? null : "check";
}

export function isValidCreditCode(input: string): boolean {
  return creditCodeProblem(normaliseCreditCode(input)) === null;
}

/** The 6-digit administrative division of the registering authority (positions 3-8). */
export function creditCodeDivision(code: string): string {
  return code.slice(2, 8);
}
