// A separate process that asks the login throttle to admit one attempt on an account, to
// show the counts live in the database rather than in one process's memory.
import { openDb } from "../../db/connection";
import { LoginThrottle } from "../../app/services/throttle.server";

const [file, account] = process.argv.slice(2);
const db = openDb(file!);
const admission = new LoginThrottle().admit(db, { account: account!, address: null, device: null });
process.stdout.write(JSON.stringify(admission));
db.$client.close();
