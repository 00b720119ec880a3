// A separate process that claims one need as one broker at an agreed moment, so that several
// of them race for real against the need_claims primary key.
import { openDb } from "../../db/connection";
import { claimNeed } from "../../app/services/claims.server";

const [file, userId, needId, startAt] = process.argv.slice(2);
const db = openDb(file!);
const user = db.$client.prepare("SELECT id, org_id AS orgId FROM users WHERE id = ?").get(Number(userId)) as { id: number; orgId: number };
while (Date.now() < Number(startAt)) {
  /* every racer starts at the same instant */
}
const outcome = claimNeed(db, { id: user.id, role: "broker", orgId: user.orgId, orgVerified: true }, Number(needId));
process.stdout.write(JSON.stringify(outcome));
db.$client.close();
