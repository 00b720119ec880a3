// npm run -s registrations:import -- <file> [--dry-run] [--lang en]
//
// Imports the spreadsheet exported from the national technology-contract system (.xlsx or .csv)
// into the database at DATABASE_PATH, as the registrar's import page does, and prints one JSON
// line: {"rows","imported","matched","toConfirm","refused","errors":[{"row","column","message"}]}.
// The database must exist: this command never creates one. Exit codes: 0 imported (or a dry run
// found nothing wrong), 1 refused, 2 bad arguments or unreadable file, 3 no database.
import fs from "node:fs";
import path from "node:path";
import { importNationalFile } from "../services/national-import/apply.server";
import { withMarketDb } from "./market-db";

const USAGE = "usage: npm run -s registrations:import -- <file.xlsx|file.csv> [--dry-run] [--lang zh-CN|en]";

type Args = { file: string; dryRun: boolean; locale: "zh-CN" | "en" };

function parseArgs(args: string[]): Args | null {
  let file: string | null = null;
  let dryRun = false;
  let locale: Args["locale"] = "zh-CN";
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--dry-run") dryRun = true;
    else if (a === "--lang") {
      const l = args[++i];
      if (l !== "en" && l !== "zh-CN") return null;
      locale = l;
    } else if (a.startsWith("-") || file !== null) return null;
    else file = a;
  }
  return file === null ? null : { file, dryRun, locale };
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (!args) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(args.file);
  } catch {
    process.stderr.write(`cannot read ${args.file}\n${USAGE}\n`);
    return 2;
  }
  return withMarketDb(async (db) => {
    const report = await importNationalFile(db, {
      fileName: path.basename(args.file),
      bytes,
      actor: null,
      system: `cli:registrations:import ${argv.join(" ")}`.slice(0, 300),
      dryRun: args.dryRun,
      locale: args.locale,
    });
    if (report === "forbidden") return 1;
    // Exactly these keys: scripts read this line.
    const { rows, imported, matched, toConfirm, refused } = report;
    const errors = report.errors.map(({ row, column, message }) => ({ row, column, message }));
    process.stdout.write(`${JSON.stringify({ rows, imported, matched, toConfirm, refused, errors })}\n`);
    return errors.length > 0 ? 1 : 0;
  });
}

process.exitCode = await main(process.argv.slice(2));
