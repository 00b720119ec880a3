// The scenario lists (重点场景开放清单) of the demo: the 2026 list of real-sounding sites across
// Lüliang's 13 counties and its chains, the smaller 2025 list, and a few awaiting the Bureau.
// Dates follow the story clock (timeline.ts): published in batches through the story year,
// never after the run day; open periods run from publication for the months each one states.

import { enqueueSearchSync } from "../../search/outbox";
import type { Tx } from "../connection";
import { auditEvents, scenarios } from "../schema";
import { officePhone, personName } from "./identity";
import { SEED } from "./organisations";
import { childRng, type Rng } from "./random";
import { SCENARIOS_2025, SCENARIOS_2026, SCENARIOS_PENDING, type ScenarioSeed } from "./scenario-list";
import { addDays, beijingYear, iso, notAfter, officeHours, storyDate, ymd } from "./timeline";

const FEN_PER_WAN = 1_000_000;

function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return ymd(addDays(d, -1));
}

interface Context {
  tx: Tx;
  now: Date;
  orgIds: ReadonlyMap<string, number>;
  membersOf: (orgKey: string) => number[];
  reviewer: number;
}

/** A scenario's story dates on this run's calendar, none of them after the run day. */
function storyTimes(now: Date, s: ScenarioSeed, r: Rng) {
  const latest = new Date(now.getTime() - 3_600_000);
  const day = storyDate(s.published);
  const decided = notAfter(officeHours(r, new Date(`${day}T00:00:00Z`)), latest);
  const submitted = notAfter(addDays(decided, -r.int(3, 9)), latest);
  const created = notAfter(addDays(submitted, -r.int(1, 6)), latest);
  return { latest, day, decided, submitted, created, outcomeOn: s.outcome ? storyDate(s.outcome.on) : null };
}

function insertOne(c: Context, s: ScenarioSeed, index: number, state: "published" | "submitted" | "returned" | "draft", note: string | null): void {
  const r = childRng(SEED, `scenario:${s.title}`);
  const t = storyTimes(c.now, s, r);
  const members = c.membersOf(s.org);
  const published = state === "published";
  const outcomeDue = published && !!s.outcome && t.outcomeOn !== null && t.outcomeOn <= ymd(t.latest);
  const row = c.tx
    .insert(scenarios)
    .values({
      orgId: c.orgIds.get(s.org)!,
      createdBy: members[index % members.length]!,
      title: s.title,
      description: s.pain,
      techWanted: s.want,
      resources: s.resources,
      conditions: s.offer,
      site: s.site,
      countyCode: s.county,
      industryChainId: s.chain,
      techFieldCode: s.field,
      kind: s.kind,
      grade: s.grade,
      subsidyCapFen: s.subsidyWan === null ? null : s.subsidyWan * FEN_PER_WAN,
      investmentFen: s.investWan === null ? null : s.investWan * FEN_PER_WAN,
      opensOn: t.day,
      closesOn: addMonths(t.day, s.months),
      contactName: `${personName(r)}`,
      contactPhone: officePhone(r),
      contactEmail: null,
      status: state,
      listYear: published ? beijingYear(t.decided) : null,
      reviewNote: note,
      reviewedBy: published || state === "returned" ? c.reviewer : null,
      submittedAt: state === "draft" ? null : iso(t.submitted),
      publishedAt: published ? iso(t.decided) : null,
      outcome: outcomeDue ? s.outcome!.kind : "none",
      pilotStartedOn: outcomeDue ? t.outcomeOn : null,
      pilotResult: outcomeDue ? (s.outcome!.result ?? null) : null,
      outcomeRecordedAt: outcomeDue ? iso(notAfter(new Date(`${t.outcomeOn}T03:00:00Z`), t.latest)) : null,
      createdAt: iso(t.created),
      updatedAt: iso(published ? t.decided : t.submitted),
    })
    .returning()
    .get();
  c.tx
    .insert(auditEvents)
    .values({ action: "seed", entity: "scenario", entityId: String(row.id), after: row })
    .run();
  if (published) enqueueSearchSync(c.tx, "scenario", row.id);
}

/** Writes the demo's scenario lists inside the seed's transaction. */
export function seedScenarios(tx: Tx, now: Date, orgIds: ReadonlyMap<string, number>, membersOf: (orgKey: string) => number[], reviewer: number): void {
  const c: Context = { tx, now, orgIds, membersOf, reviewer };
  let i = 0;
  for (const s of SCENARIOS_2025) insertOne(c, s, i++, "published", null);
  for (const s of SCENARIOS_2026) insertOne(c, s, i++, "published", null);
  for (const s of SCENARIOS_PENDING) insertOne(c, s, i++, s.state, s.note ?? null);
}
