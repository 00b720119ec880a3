import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/connection";
import { brokers, type Broker } from "../../db/schema";
import { todayInShanghai } from "../i18n";

/**
 * The user's broker certification when it lets him work today: certified, not suspended or
 * revoked, and inside its validity period (Beijing dates). Claiming needs and recording
 * contracts both require one.
 */
export function getActiveBroker(db: Db | Tx, userId: number, now: Date = new Date()): Broker | null {
  const row = db
    .select()
    .from(brokers)
    .where(and(eq(brokers.userId, userId), eq(brokers.status, "certified")))
    .get();
  if (!row) return null;
  const today = todayInShanghai(now);
  return row.validFrom <= today && today <= row.validUntil ? row : null;
}
