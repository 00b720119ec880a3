// A separate process that increments a shared counter, to prove that concurrent writers
// going through writeTx never fail with SQLITE_BUSY.
import { sql } from "drizzle-orm";
import { openDb, writeTx, type Tx } from "../../db/connection";

const [file, countArg, mode] = process.argv.slice(2);
const db = openDb(file!);
// What this proves is that BEGIN IMMEDIATE queues writers instead of failing them, not how
// fast a shared machine runs them: the wait is given a budget no scheduler delay can use up.
db.$client.pragma("busy_timeout = 120000");
const count = Number(countArg);
let failures = 0;
const step = (tx: Tx) => {
  const row = tx.get<{ n: number }>(sql`SELECT n FROM counter WHERE id = 1`);
  tx.run(sql`UPDATE counter SET n = ${row.n + 1} WHERE id = 1`);
};
for (let i = 0; i < count; i++) {
  try {
    if (mode === "deferred") db.transaction(step);
    else writeTx(db, step);
  } catch {
    failures++;
  }
}
process.stdout.write(JSON.stringify({ failures }));
db.$client.close();
