// A separate process that commits double-entry transfers through writeTx until it is killed,
// printing "ACK <key>" only after each commit, so the parent knows what was promised. It
// stops by itself after 30 s so that a parent that never kills it leaves nothing running.
import { sql } from "drizzle-orm";
import { openDb, writeTx } from "../../db/connection";

const [file, cycle] = process.argv.slice(2);
const db = openDb(file!);
process.stdout.write(`READY synchronous=${String(db.$client.pragma("synchronous", { simple: true }))}\n`);
const stopAt = Date.now() + 30_000;
for (let i = 0; Date.now() < stopAt; i++) {
  const key = `${cycle}-${i}`;
  const amount = 1 + Math.floor(Math.random() * 10_000_000);
  writeTx(db, (tx) => {
    tx.run(sql`INSERT INTO drill_entries (transfer_key, account, amount_fen) VALUES (${key}, 'payer', ${-amount})`);
    tx.run(sql`INSERT INTO drill_entries (transfer_key, account, amount_fen) VALUES (${key}, 'payee', ${amount})`);
  });
  // Writes to a pipe are synchronous on Linux: once this returns, the parent will read it.
  process.stdout.write(`ACK ${key}\n`);
}
