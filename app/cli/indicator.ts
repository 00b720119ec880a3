// npm run -s indicator -- --year <YYYY>
//
// Prints one JSON line with the official technology-contract figure of a year (all amounts
// in fen), computed from the database at DATABASE_PATH: the same bytes /api/v1/indicators
// answers. Without --year, the current Beijing year. The database must exist: this command
// never creates one. Exit codes: 0 printed, 2 bad arguments, 3 no database.
import { yearInShanghai } from "../i18n/format";
import { officialIndicatorQuery } from "../schemas/closed-years";
import { officialIndicatorJson } from "../services/official-indicator.server";
import { withMarketDb } from "./market-db";

const USAGE = "usage: npm run -s indicator -- --year <YYYY>   (a year from 2000 to 2100; the current one when omitted)";

function yearArg(args: string[]): number | null | "bad" {
  const i = args.indexOf("--year");
  if (i < 0) return args.length === 0 ? null : "bad";
  if (args.length !== 2) return "bad";
  const parsed = officialIndicatorQuery.safeParse({ year: args[i + 1] ?? "" });
  return parsed.success && parsed.data.year !== undefined ? parsed.data.year : "bad";
}

async function main(args: string[]): Promise<number> {
  const asked = yearArg(args);
  if (asked === "bad") {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const year = asked ?? yearInShanghai();
  return withMarketDb((db) => {
    process.stdout.write(`${officialIndicatorJson(db, year)}\n`);
    return 0;
  });
}

process.exitCode = await main(process.argv.slice(2));
