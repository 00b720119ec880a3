// The browser journeys can run against a platform whose clock is moved, to show that
// nothing they check depends on the day they run: `E2E_CLOCK_OFFSET_DAYS=365 npm run
// test:e2e` migrates, seeds and serves under libfaketime (Debian's `faketime` package)
// a year ahead, and the tests reckon "today" with the same offset. The browser keeps the
// real clock; every date the platform decides on comes from the server.

import fs from "node:fs";
import path from "node:path";

const DAY_MS = 86_400_000;

export const CLOCK_OFFSET_DAYS = Number(process.env.E2E_CLOCK_OFFSET_DAYS ?? "0");
if (!Number.isInteger(CLOCK_OFFSET_DAYS)) throw new Error(`E2E_CLOCK_OFFSET_DAYS must be a whole number of days, not "${process.env.E2E_CLOCK_OFFSET_DAYS}"`);

/** Now, as the platform under test sees it. */
export function testNow(): number {
  return Date.now() + CLOCK_OFFSET_DAYS * DAY_MS;
}

function libfaketime(): string | null {
  const lib = "/usr/lib";
  if (!fs.existsSync(lib)) return null;
  for (const dir of fs.readdirSync(lib)) {
    const candidate = path.join(lib, dir, "faketime", "libfaketime.so.1");
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/** The environment that moves the server's clock, or nothing when the offset is zero. */
export function serverClockEnv(): Record<string, string> {
  if (CLOCK_OFFSET_DAYS === 0) return {};
  const preload = libfaketime();
  if (!preload) throw new Error("E2E_CLOCK_OFFSET_DAYS needs libfaketime: apt-get install faketime");
  // Only the wall clock moves; timers keep running at the real pace.
  return { LD_PRELOAD: preload, FAKETIME: `${CLOCK_OFFSET_DAYS >= 0 ? "+" : ""}${CLOCK_OFFSET_DAYS}d`, FAKETIME_DONT_FAKE_MONOTONIC: "1" };
}
