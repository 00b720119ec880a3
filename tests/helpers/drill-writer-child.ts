// A second process that keeps writing while a backup runs (drill D5): each transaction moves
// an amount between two ledger rows (the pair sums to zero) and prints `ACK <n>` only after
// it has committed. It stops on SIGTERM or after `limit` transactions.
import { sql } from "drizzle-orm";
import { openDb, writeTx } from "../../db/connection";

const [file, limitArg] = process.argv.slice(2);
const db = openDb(file!, { mustExist: true });
const limit = Number(limitArg ?? 1_000_000);
let stopping = false;
process.on("SIGTERM", () => {
  stopping = true;
});

const pad = "x".repeat(512);
let n = 0;
function step(): void {
  if (stopping || n >= limit) {
    db.$client.close();
    process.exit(0);
  }
  for (let i = 0; i < 20 && n < limit; i++) {
    const tx = ++n;
    writeTx(db, (t) => {
      t.run(sql`INSERT INTO drill_ledger (tx, amount_fen, pad) VALUES (${tx}, ${tx * 100}, ${pad})`);
      t.run(sql`INSERT INTO drill_ledger (tx, amount_fen, pad) VALUES (${tx}, ${-tx * 100}, ${pad})`);
    });
    process.stdout.write(`ACK ${tx}\n`);
  }
  setImmediate(step);
}
step();
