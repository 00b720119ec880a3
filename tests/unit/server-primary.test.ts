import { describe, expect, it } from "vitest";
import { restartDelay } from "../../app/server/primary";

describe("restarting a worker that died", () => {
  it("waits for no first crash, then doubles from one second up to thirty", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(restartDelay)).toEqual([0, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});
