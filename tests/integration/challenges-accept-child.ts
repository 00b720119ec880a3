// A separate process that accepts one milestone of a challenge as its challenger at an agreed
// moment, so that two acceptances race for real against the database.
import { openDb } from "../../db/connection";
import { acceptMilestone } from "../../app/services/challenges/milestones.server";

const [file, userId, challengeId, milestoneId, startAt] = process.argv.slice(2);
const db = openDb(file!);
const user = db.$client.prepare("SELECT id, org_id AS orgId FROM users WHERE id = ?").get(Number(userId)) as { id: number; orgId: number };
while (Date.now() < Number(startAt)) {
  /* both racers start at the same instant */
}
const outcome = acceptMilestone(db, { id: user.id, role: "enterprise", orgId: user.orgId, orgVerified: true }, Number(challengeId), {
  milestoneId: Number(milestoneId),
});
process.stdout.write(JSON.stringify(outcome));
db.$client.close();
