import { z } from "zod";
import { wholeNumber } from "./fields";

// Closing a statistical year, and the year the official figure is asked for.

const statisticalYear = wholeNumber(4).pipe(z.number().min(2000, "v.year.range").max(2100, "v.year.range"));

/** The Bureau closes a year; the confirmation step posts this. */
export const closeYearSchema = z.object({ intent: z.literal("close_year"), year: statisticalYear });

/** `?year=YYYY` of /api/v1/indicators: 2000–2100; absent means the current Beijing year. */
export const officialIndicatorQuery = z.object({ year: statisticalYear.optional() });
