// The record pages the CPU benchmark asks for, found in the demo database it prepared: a
// published need as a visitor sees it, and a published need led by an active broker, seen
// by that broker with a session of their own, and his workbench (no login form: the throttle and argon2 are
// not what is measured).

import { and, desc, eq } from "drizzle-orm";
import { openDb } from "../../db/connection";
import { brokers, needClaims, needs } from "../../db/schema";
import { createSession } from "../../app/services/auth.server";

export interface BenchPage {
  page: string;
  path: string;
  cookie?: string;
}

export async function brokerPages(): Promise<BenchPage[]> {
  const db = openDb(process.env.DATABASE_PATH!, { mustExist: true });
  try {
    const need = db.select({ id: needs.id }).from(needs).where(eq(needs.status, "published")).orderBy(desc(needs.id)).get();
    const led = db
      .select({ needId: needClaims.needId, userId: needClaims.brokerUserId })
      .from(needClaims)
      .innerJoin(needs, eq(needs.id, needClaims.needId))
      .innerJoin(brokers, eq(brokers.userId, needClaims.brokerUserId))
      .where(and(eq(needs.status, "published"), eq(brokers.status, "certified")))
      .get();
    if (!need || !led) throw new Error("the demo data has no published need, or none led by an active broker");
    const cookie = (await createSession(db, led.userId)).split(";")[0]!;
    return [
      { page: "/needs/:id", path: `/needs/${need.id}` },
      { page: "/broker/needs/:id", path: `/broker/needs/${led.needId}`, cookie },
      { page: "/broker", path: "/broker", cookie },
    ];
  } finally {
    db.$client.close();
  }
}
