import { and, eq } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { auditEvents, brokers, notifications, type Broker } from "../../db/schema";
import { claimNeed, confirmSuggestion } from "../../app/services/claims.server";
import { getSearch } from "../../app/services/search.server";
import { makeUser, type TestUser } from "../helpers/app";
import { makeWorld, type World } from "../helpers/world";

// Shared by the broker, deal and attachment tests: certificates in any state, and a world
// with a confirmed deal between the world's enterprise and institute.

export type CertState = Broker["status"] | "expired" | "not_yet_valid";

/** Gives a broker account a certificate in the given state; "expired" ended in 2023, "not_yet_valid" starts in 2098. */
export function certify(db: Db, who: TestUser, state: CertState = "certified", overrides: Partial<typeof brokers.$inferInsert> = {}): Broker {
  const dates =
    state === "expired"
      ? { validFrom: "2020-01-01", validUntil: "2023-12-31" }
      : state === "not_yet_valid"
        ? { validFrom: "2098-01-01", validUntil: "2099-12-31" }
        : { validFrom: "2024-01-01", validUntil: "2099-12-31" };
  const status = state === "expired" || state === "not_yet_valid" ? "certified" : state;
  return writeTx(db, (tx) =>
    tx
      .insert(brokers)
      .values({
        userId: who.user.id,
        orgId: who.user.orgId,
        certificateNo: `LL-JJR-T-${who.user.id}`,
        grade: "intermediate",
        chains: ["hydrogen", "coal-chemistry"],
        cohort: "2026-1",
        ...dates,
        status,
        ...overrides,
      })
      .returning()
      .get(),
  );
}

/** Moves a certificate to another state, as a fixture (the Bureau's path is tested on its own). */
export function setCertState(db: Db, who: TestUser, state: CertState): void {
  const dates = state === "expired" ? { validFrom: "2020-01-01", validUntil: "2023-12-31" } : { validFrom: "2024-01-01", validUntil: "2099-12-31" };
  const status = state === "expired" || state === "not_yet_valid" ? "certified" : state;
  writeTx(db, (tx) =>
    tx
      .update(brokers)
      .set({ status, ...dates })
      .where(eq(brokers.userId, who.user.id))
      .run(),
  );
}

export interface DealWorld extends World {
  /** A second certified broker at the same agency, who leads nothing. */
  rival: TestUser;
  /** A second member of the world's enterprise. */
  colleague: TestUser;
  matchId: number;
}

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`fixture step failed: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

/** The world, with its broker certified, leading the published need, and a confirmed deal with the published achievement. */
export async function makeDealWorld(db: Db): Promise<DealWorld> {
  const world = await makeWorld(db);
  certify(db, world.broker);
  const rival = await makeUser(db, "broker", world.broker.user.orgId);
  certify(db, rival);
  const colleague = await makeUser(db, "enterprise", world.enterprise.user.orgId);
  await getSearch().relay.drain();
  ok(claimNeed(db, world.broker.actor, world.needs.published));
  const { matchId } = ok(
    await confirmSuggestion(db, getSearch(), world.broker.actor, { needId: world.needs.published, achievementId: world.achievements.published }),
  );
  return { ...world, rival, colleague, matchId };
}

export function auditActions(db: Db, entity: string, entityId: number | string): string[] {
  return db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(and(eq(auditEvents.entity, entity), eq(auditEvents.entityId, String(entityId))))
    .all()
    .map((r) => r.action);
}

export function inbox(db: Db, who: TestUser) {
  return db.select().from(notifications).where(eq(notifications.userId, who.user.id)).all();
}
