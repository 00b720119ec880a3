// Dates are the one part of the demo anchored on the day it is seeded: deadlines must lie
// ahead and "stale" must mean older than the freshness period, whenever someone runs it.
// Every helper draws the same number of random values whatever the date, so the rest of the
// demo stays identical from one day to the next.

import type { Rng } from "./random";

export const DAY_MS = 86_400_000;

export function iso(d: Date): string {
  return d.toISOString();
}

export function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

export function utc(y: number, m: number, d: number, h = 2): Date {
  return new Date(Date.UTC(y, m - 1, d, h));
}

/**
 * The moment at fraction `u` of a window. Callers draw `u` up front, so the number of random
 * draws never depends on the run date. An empty window (seeded early in a year) gives its end.
 */
export function at(u: number, from: Date, to: Date): Date {
  const span = to.getTime() - from.getTime();
  return span <= 0 ? new Date(to.getTime()) : new Date(from.getTime() + Math.floor(u * span));
}

/** The same day at a plausible office hour in Beijing (09:00-17:59, i.e. 01:00-09:59 UTC). */
export function officeHours(rng: Rng, d: Date): Date {
  const h = rng.int(1, 9);
  const m = rng.int(0, 59);
  const s = rng.int(0, 59);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), h, m, s));
}

/** Never later than `limit`: a date anchored on the run can otherwise drift past "now". */
export function notAfter(d: Date, limit: Date): Date {
  return d.getTime() > limit.getTime() ? new Date(limit.getTime()) : d;
}

export function notBefore(d: Date, limit: Date): Date {
  return d.getTime() < limit.getTime() ? new Date(limit.getTime()) : d;
}
