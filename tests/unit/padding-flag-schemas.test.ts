import { describe, expect, it } from "vitest";
import { clearFlagSchema, flagFilterSchema, registrationChecksSchema } from "../../app/schemas/padding-flags";

// The registrar's inputs around padding flags: a reason of 2-500 characters, list filters
// that fall back rather than fail, and policy numbers that must be whole and positive.

describe("padding flag inputs", () => {
  it("takes a clearing reason of 2 to 500 characters, trimmed, without markup", () => {
    expect(clearFlagSchema.safeParse({ reason: " 已核实 " }).data?.reason).toBe("已核实");
    expect(clearFlagSchema.safeParse({ reason: "x" }).success).toBe(false);
    expect(clearFlagSchema.safeParse({ reason: "字".repeat(500) }).success).toBe(true);
    expect(clearFlagSchema.safeParse({ reason: "字".repeat(501) }).success).toBe(false);
    expect(clearFlagSchema.safeParse({ reason: "<b>ok</b>" }).success).toBe(false);
    expect(clearFlagSchema.safeParse({ reason: "已核实", returnTo: "/".repeat(501) }).success).toBe(false);
  });

  it("reads list filters from a query string, falling back on anything unknown", () => {
    expect(flagFilterSchema.parse({})).toEqual({ state: "open" });
    expect(flagFilterSchema.parse({ kind: "duplicate", state: "cleared", year: "2026" })).toEqual({ kind: "duplicate", state: "cleared", year: 2026 });
    expect(flagFilterSchema.parse({ kind: "nonsense", state: "gone", year: "9".repeat(100) })).toEqual({ state: "open" });
    expect(flagFilterSchema.parse({ kind: "", year: "" })).toEqual({ state: "open" });
  });

  it("accepts only whole, positive policy numbers", () => {
    expect(registrationChecksSchema.safeParse({ reviewLineFen: 1_000_000_000, splitWindowDays: 90, decisionWindowDays: 30 }).success).toBe(true);
    expect(registrationChecksSchema.safeParse({ reviewLineFen: 0, splitWindowDays: 90, decisionWindowDays: 30 }).success).toBe(false);
    expect(registrationChecksSchema.safeParse({ reviewLineFen: 1.5, splitWindowDays: 90, decisionWindowDays: 30 }).success).toBe(false);
    expect(registrationChecksSchema.safeParse({ reviewLineFen: 1_000_000_000, splitWindowDays: 90 }).success).toBe(false);
  });
});
