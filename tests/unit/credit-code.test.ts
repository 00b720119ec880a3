import { describe, expect, it } from "vitest";
import { creditCodeCheckChar, creditCodeProblem, isValidCreditCode, normaliseCreditCode } from "../../db/credit-code";

describe("unified social credit code (GB 32100-2015)", () => {
  it("computes the standard's worked example", () => {
    expect(creditCodeCheckChar("91350100M000100Y4")).toBe("3");
    expect(isValidCreditCode("91350100M000100Y43")).toBe(true);
    expect(creditCodeProblem("91350100M000100Y4Z")).toBe("characters");
    expect(creditCodeProblem("91350100M000100Y44")).toBe("check");
  });

  it("normalises case, full-width characters and separators", () => {
    expect(normaliseCreditCode(" ９１３５０１００m０００１００y４３ ")).toBe("91350100M000100Y43");
    expect(isValidCreditCode("91350100-m000100y43")).toBe(true);
  });

  it("names the problem with a bad code", () => {
    expect(creditCodeProblem("")).toBe("empty");
    expect(creditCodeProblem("91350100M000100Y4")).toBe("length");
    expect(creditCodeProblem("91350100M000100I43")).toBe("characters");
    // Early pilot codes that are legal but fail the check (an admin may override them).
    expect(creditCodeProblem("91350100M0001TGQXM")).toBe("check");
    expect(creditCodeProblem("91350211M0000XUF46")).toBe("check");
  });

  it("maps a result of 31 to 0", () => {
    // Find a prefix whose remainder is 0 and check the 0 it yields.
    const prefix = "9114110200000000";
    for (const last of "0123456789ABCDEFGHJKLMNPQRTUWXY") {
      const c = creditCodeCheckChar(prefix + last);
      if (c === "0") {
        expect(isValidCreditCode(prefix + last + "0")).toBe(true);
        return;
      }
    }
    throw new Error("no prefix with check character 0 found");
  });
});
