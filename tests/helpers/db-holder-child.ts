// Opens the configured database the way the server does (getDb) and keeps it open until its
// standard input closes: a stand-in for a running server in the restore drills.
import { getDb } from "../../app/services/db.server";

const db = getDb();
process.stdout.write(`READY ${db.$client.name}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  db.$client.close();
  process.exit(0);
});
