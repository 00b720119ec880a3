import { describe, expect, it } from "vitest";
import { keepsConnection, SLACK } from "../../app/server/balance";

describe("keeping the workers' connections even", () => {
  it("a lone worker keeps every connection", () => {
    expect(keepsConnection(500, 0, 1)).toBe(true);
  });

  it("a worker keeps a connection up to an even share and the slack, and passes on the rest", () => {
    // Two workers, the other holding none: the first keeps its first 2 + SLACK connections.
    expect(keepsConnection(0, 0, 2)).toBe(true);
    expect(keepsConnection(SLACK + 1, 0, 2)).toBe(true);
    expect(keepsConnection(SLACK + 2, 0, 2)).toBe(false);
    // Holding 12 of 23 with the new one, an even share is 12: one more is the slack.
    expect(keepsConnection(12, 10, 2)).toBe(true);
    expect(keepsConnection(13, 10, 2)).toBe(false);
    // Three workers, 30 held by the others: an even share of 31 is 11.
    expect(keepsConnection(11, 19, 3)).toBe(true);
    expect(keepsConnection(13, 17, 3)).toBe(false);
  });

  it("a burst that lands on one worker ends up shared", () => {
    let mine = 0;
    let passed = 0;
    for (let i = 0; i < 50; i++) {
      if (keepsConnection(mine, passed, 2)) mine++;
      else passed++;
    }
    expect(Math.abs(mine - passed)).toBeLessThanOrEqual(2 * SLACK + 1);
  });
});
