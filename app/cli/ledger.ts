// npm run -s ledger -- --contract <id>
//
// Prints one JSON line with what a contract family has received, refunded and still owes,
// in fen, computed from the ledger of the database at DATABASE_PATH. The database must
// exist: this command never creates one. Exit codes: 0 printed, 1 no such contract,
// 2 bad arguments, 3 no database.
import { contractLedger } from "../services/ledger.server";
import { withMarketDb } from "./market-db";

const USAGE = "usage: npm run -s ledger -- --contract <id>   (id: a contract's number, e.g. 12)";

function contractArg(args: string[]): number | null {
  const i = args.indexOf("--contract");
  const raw = i >= 0 ? args[i + 1] : undefined;
  if (raw === undefined || !/^[1-9][0-9]{0,15}$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}

async function main(args: string[]): Promise<number> {
  const id = contractArg(args);
  if (id === null) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return withMarketDb((db, file) => {
    const ledger = contractLedger(db, id);
    if (!ledger) {
      process.stderr.write(`contract ${id} not found in ${file}\n`);
      return 1;
    }
    // Exactly these keys: scripts read this line, so a figure added to the service does not leak into it.
    // The contract asked for, as its page names it; the figures are its family's, since an
    // amendment carries the payments of the versions before it.
    const contractId = id;
    const { receivedFen, refundedFen, outstandingFen } = ledger;
    const milestones = ledger.milestones.map((m) => ({
      id: m.id,
      dueFen: m.dueFen,
      receivedFen: m.receivedFen,
      refundedFen: m.refundedFen,
      outstandingFen: m.outstandingFen,
    }));
    process.stdout.write(`${JSON.stringify({ contractId, receivedFen, refundedFen, outstandingFen, milestones })}\n`);
    return 0;
  });
}

process.exitCode = await main(process.argv.slice(2));
