import type { Db } from "../../../db/connection";

// The challenge figures of the indicators (/api/v1/indicators, the dashboard, the public page).
// openChallenges: challenges taking applications at `now` (reviewed, inside their window by the
// clock, not closed early or cancelled). awardedChallenges: challenges awarded in `year`
// (Asia/Shanghai) and not undone since. challengeRewardFen: the rewards awarded to their teams,
// in fen — the amounts awarded, whether or not their milestones have been paid yet.

export interface ChallengeIndicators {
  openChallenges: number;
  awardedChallenges: number;
  challengeRewardFen: number;
}

const AWARDED = "('awarded', 'accepted', 'paid')";

export function challengeIndicators(db: Db, year: number, now: Date = new Date()): ChallengeIndicators {
  const t = now.toISOString();
  const open = db.$client
    .prepare("SELECT count(*) FROM challenges WHERE status IN ('published', 'open') AND opens_at <= ? AND closes_at > ?")
    .pluck()
    .get(t, t) as number;
  const inYear = `c.status IN ${AWARDED} AND CAST(strftime('%Y', c.awarded_at, '+8 hours') AS INTEGER) = ?`;
  const awarded = db.$client.prepare(`SELECT count(*) FROM challenges c WHERE ${inYear}`).pluck().get(year) as number;
  const reward = db.$client
    .prepare(
      `SELECT coalesce(sum(a.award_fen), 0) FROM challenge_applications a JOIN challenges c ON c.id = a.challenge_id
       WHERE a.status = 'awarded' AND ${inYear}`,
    )
    .pluck()
    .get(year) as number;
  return { openChallenges: Number(open), awardedChallenges: Number(awarded), challengeRewardFen: Number(reward) };
}
