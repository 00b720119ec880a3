import { json } from "@remix-run/node";
import type { Db } from "../../db/connection";
import { fileSystemState, outboxBacklog, probeWrite, walBytes, type DbState } from "../services/db-health.server";
import { getDb } from "../services/db.server";
import { getSearch } from "../services/search.server";

export interface Health {
  status: "ok" | "error";
  db: DbState;
  search: string | null;
  /** "filling" while listings wait in the outbox for the index (a fresh start, a reindex), else "ready". */
  searchIndex: "ready" | "filling" | null;
  outboxBacklog: number | null;
  walBytes: number;
}

function engineName(): string | null {
  try {
    return getSearch().engineStatus();
  } catch {
    return null;
  }
}

function dbFacts(db: Db): Pick<Health, "db" | "outboxBacklog" | "walBytes"> {
  let state = probeWrite(db);
  if (state === "ok") state = fileSystemState(db);
  let backlog: number | null = null;
  try {
    backlog = outboxBacklog(db);
  } catch {
    if (state === "ok") state = "unavailable";
  }
  return { db: state, outboxBacklog: backlog, walBytes: walBytes(db) };
}

/**
 * What a load balancer or uptime check reads: 503 whenever the database cannot take a
 * write, found by a write that is always rolled back. Cheap enough to poll.
 */
export function loader() {
  let facts: Pick<Health, "db" | "outboxBacklog" | "walBytes">;
  try {
    facts = dbFacts(getDb());
  } catch {
    facts = { db: "unavailable", outboxBacklog: null, walBytes: 0 };
  }
  const searchIndex = facts.outboxBacklog === null ? null : facts.outboxBacklog > 0 ? "filling" : "ready";
  const body: Health = { status: facts.db === "ok" ? "ok" : "error", ...facts, search: engineName(), searchIndex };
  return json(body, { status: body.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
