import { writeTx, type Db } from "../../db/connection";
import { creditCodeCheckChar } from "../../db/credit-code";
import { ARGON2_OPTIONS } from "../../db/passwords";
import { organisations, users, type OrgKind, type Role } from "../../db/schema";
import { createSession, toActor, type SessionUser } from "../../app/services/auth.server";
import type { Actor } from "../../app/services/actor";
import { useDatabase } from "../../app/services/db.server";
import { openedSearch, useSearch } from "../../app/services/search.server";
import { createTestDb } from "./db";
import { hash } from "@node-rs/argon2";

/**
 * Points the app's services at a fresh test database, as the server would use it:
 * routes called with real Requests read and write this file.
 */
export function useAppDb(): { db: Db; cleanup: () => void } {
  const t = createTestDb();
  useDatabase(t.db);
  useSearch(undefined);
  return {
    db: t.db,
    cleanup: () => {
      openedSearch()?.close();
      useDatabase(undefined);
      useSearch(undefined);
      t.cleanup();
    },
  };
}

let counter = 0;

/** A valid credit code, different on every call. */
export function freshCreditCode(): string {
  counter += 1;
  const body = `9114110200${String(counter).padStart(7, "0")}`.slice(0, 17);
  return body + creditCodeCheckChar(body);
}

export const TEST_PASSWORD = "Correct-horse-42";
let passwordHash: string | undefined;

export function makeOrg(db: Db, kind: OrgKind, opts: { verified?: boolean; name?: string } = {}) {
  return writeTx(db, (tx) =>
    tx
      .insert(organisations)
      .values({
        name: opts.name ?? `测试机构${++counter}`,
        kind,
        creditCode: freshCreditCode(),
        countyCode: "141102",
        verifiedAt: opts.verified === false ? null : new Date().toISOString(),
      })
      .returning()
      .get(),
  );
}

export interface TestUser {
  user: SessionUser;
  actor: Actor;
  cookie: string;
}

/** A user with a live session; `cookie` is the Cookie header a browser would send. */
export async function makeUser(db: Db, role: Role, orgId: number, opts: { email?: string } = {}): Promise<TestUser> {
  passwordHash ??= await hash(TEST_PASSWORD, ARGON2_OPTIONS);
  const email = opts.email ?? `${role}${++counter}@test.example`;
  const row = writeTx(db, (tx) =>
    tx
      .insert(users)
      .values({ email, name: `${role} ${counter}`, passwordHash: passwordHash!, role, orgId })
      .returning()
      .get(),
  );
  const org = db
    .select()
    .from(organisations)
    .all()
    .find((o) => o.id === orgId)!;
  const setCookie = await createSession(db, row.id);
  const user: SessionUser = {
    id: row.id,
    email,
    name: row.name,
    role,
    orgId,
    orgName: org.name,
    orgKind: org.kind,
    orgVerified: org.verifiedAt !== null,
  };
  return { user, actor: toActor(user), cookie: setCookie.split(";")[0]! };
}

/** A Request as a browser would send it, optionally signed in and with a form body. */
export function req(path: string, init: { cookie?: string; form?: Record<string, string | string[]>; headers?: Record<string, string> } = {}): Request {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  let body: URLSearchParams | undefined;
  if (init.form) {
    body = new URLSearchParams();
    for (const [k, v] of Object.entries(init.form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  return new Request(`http://localhost${path}`, { method: init.form ? "POST" : "GET", headers, body });
}

/** Runs a loader or action and returns its status, whether it returned or threw a Response. */
export async function statusOf(run: () => unknown): Promise<{ status: number; response: Response | null; value: unknown }> {
  try {
    const value = await run();
    if (value instanceof Response) return { status: value.status, response: value, value };
    return { status: 200, response: null, value };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, response: thrown, value: null };
    throw thrown;
  }
}
