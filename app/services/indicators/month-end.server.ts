// A month's end in Beijing time, for figures "as they stood at the end of the month": the month
// (1-12) for amounts counted by their month of registration, and the first instant of the next
// month (UTC ISO) for listings, brokers and records dated by a time column.

export interface MonthEnd {
  year: number;
  month: number;
  /** The first instant after the month, Beijing time, as a UTC ISO string: dated things before it count. */
  cut: string;
  /** The month's last day, YYYY-MM-DD. */
  lastDay: string;
}

/** The end of `month` (YYYY-MM). */
export function monthEnd(month: string): MonthEnd {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  if (!Number.isInteger(year) || !Number.isInteger(m) || m < 1 || m > 12) throw new RangeError(`not a month: ${month}`);
  // Midnight of the next month's first day in Beijing (UTC+8, no daylight saving) is 16:00 UTC the day before.
  const next = Date.UTC(year, m, 1) - 8 * 3600_000;
  const last = new Date(Date.UTC(year, m, 0));
  return { year, month: m, cut: new Date(next).toISOString(), lastDay: last.toISOString().slice(0, 10) };
}
