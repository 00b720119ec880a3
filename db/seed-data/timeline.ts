// Dates are the one part of the demo anchored on the day it is seeded: deadlines must lie
// ahead and "stale" must mean older than the freshness period, whenever someone runs it.
// Every helper draws the same number of random values whatever the date, so the rest of the
// demo stays identical from one day to the next.

import type { Rng } from "./random";

export const DAY_MS = 86_400_000;

/**
 * The demo tells the story of the platform's first two years, 2025 and 2026, with 2026 as
 * "this year". Seeded in a later year, every calendar date of the story moves forward by
 * whole years, so this year always holds the story's 2026 and last year its 2025: the
 * figures, lists and deadlines a visitor sees are the same whatever year the demo is
 * seeded in. Within a year, steps that would lie after the run day have not happened yet.
 */
export const STORY_YEAR = 2026;
let storyShift = 0;

/** The calendar year in Beijing, where the Bureau counts its years. */
export function beijingYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();
}

/** Sets the story's calendar from the run day; every seeding entry point calls it with its `now`. */
export function setStoryClock(now: Date): void {
  storyShift = Math.max(0, beijingYear(now) - STORY_YEAR);
}

/** A year of the story as a calendar year of this run. */
export function storyYear(year: number): number {
  return year + storyShift;
}

/** A story date ("2025-03-12") or instant ("2025-12-31T15:59:00Z") moved to this run's calendar; 29 February becomes the 28th in a common year. */
export function storyDate(day: string): string {
  const year = storyYear(Number(day.slice(0, 4)));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const rest = !leap && day.slice(5, 10) === "02-29" ? `-02-28${day.slice(10)}` : day.slice(4);
  return `${year}${rest}`;
}

export function iso(d: Date): string {
  return d.toISOString();
}

export function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** A day of the story (see storyYear) at h o'clock UTC. */
export function utc(y: number, m: number, d: number, h = 2): Date {
  return new Date(Date.UTC(storyYear(y), m - 1, d, h));
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
