// npm run -s data:import -- <needs|achievements|organisations> <file> [--dry-run] [--verified] [--lang en]
//
// Imports one of the Bureau's spreadsheets (.xlsx or .csv) into the database at DATABASE_PATH,
// as the import page does, and prints one JSON line: {"rows","imported","errors":[{"row","column","message"}]}
// — the errors also list the rows left out as repeats of records already there (those do not
// refuse the file). Needs and achievements are created in the name of the Bureau's first admin.
// The database must exist: this command never creates one. Exit codes: 0 imported (or a dry run
// found nothing wrong), 1 refused, 2 bad arguments or unreadable file, 3 no database.
import fs from "node:fs";
import path from "node:path";
import { DATA_IMPORT_KINDS, type DataImportKind } from "../codes";
import { importDataFile } from "../services/data-import/apply.server";
import { withMarketDb } from "./market-db";

const USAGE = "usage: npm run -s data:import -- <needs|achievements|organisations> <file.xlsx|file.csv> [--dry-run] [--verified] [--lang zh-CN|en]";

type Args = { kind: DataImportKind; file: string; dryRun: boolean; verified: boolean; locale: "zh-CN" | "en" };

function parseArgs(args: string[]): Args | null {
  const positional: string[] = [];
  let dryRun = false;
  let verified = false;
  let locale: Args["locale"] = "zh-CN";
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--dry-run") dryRun = true;
    else if (a === "--verified") verified = true;
    else if (a === "--lang") {
      const l = args[++i];
      if (l !== "en" && l !== "zh-CN") return null;
      locale = l;
    } else if (a.startsWith("-")) return null;
    else positional.push(a);
  }
  const kind = DATA_IMPORT_KINDS.find((k) => k === positional[0]);
  if (!kind || positional.length !== 2) return null;
  if (verified && kind !== "organisations") return null;
  return { kind, file: positional[1]!, dryRun, verified, locale };
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
    const report = await importDataFile(db, {
      kind: args.kind,
      fileName: path.basename(args.file),
      bytes,
      actor: null,
      system: `cli:data:import ${argv.join(" ")}`.slice(0, 300),
      dryRun: args.dryRun,
      verified: args.verified,
      locale: args.locale,
    });
    if (report === "forbidden") return 1;
    // Exactly these keys: scripts read this line.
    const errors = [...report.errors, ...report.duplicates].map(({ row, column, message }) => ({ row, column, message }));
    process.stdout.write(`${JSON.stringify({ rows: report.rows, imported: report.imported, errors })}\n`);
    return report.errors.length > 0 ? 1 : 0;
  });
}

process.exitCode = await main(process.argv.slice(2));
