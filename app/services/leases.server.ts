// Leases: which server process runs a piece of background work. Every process calls the
// same jobs; each job runs only in the process holding its lease, and another process takes
// it over once the holder stops renewing (it died, hung or lost its disk) and the lease
// has expired.
//
// Two guards keep work inside its lease:
// - Between steps the holder asks `held()`: its own clock against the expiry it wrote, less
//   a margin. Work paused past its lease (a long GC, a slow disk) stops there instead of
//   running beside the new holder.
// - Database work can be fenced: `whileHeld` runs inside a write transaction that first
//   proves the lease is still ours. A takeover needs the same write lock, so the work
//   commits only if nobody else can have started it.
//
// The time of a periodic job's last run is kept in data_versions (`job_run:<name>`, in ms
// since the epoch) and written in the same transaction as the job's own writes, so a job
// runs once per period however often its lease changes hands.

import { randomBytes } from "node:crypto";
import os from "node:os";
import { and, eq, gt, lte, or, sql } from "drizzle-orm";
import { writeTx, type Db } from "../../db/connection";
import { dataVersions, leases } from "../../db/schema";

/** This process as a lease holder. The random part tells a restarted process from its predecessor with the same pid. */
export const PROCESS_HOLDER = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

export interface LeaseOptions {
  holder?: string;
  /** Milliseconds since the epoch; tests pass a shifted clock. */
  now?: () => number;
}

export class Lease {
  readonly holder: string;
  private readonly now: () => number;
  /** Until then no other process can have taken the lease over (the expiry we wrote, less a margin). */
  private validUntil = 0;
  /** The next database renewal is due then: a third of the way through the lease. */
  private renewAt = 0;

  constructor(
    private readonly db: Db,
    readonly name: string,
    readonly ttlMs: number,
    options: LeaseOptions = {},
  ) {
    this.holder = options.holder ?? PROCESS_HOLDER;
    this.now = options.now ?? Date.now;
  }

  /** Takes the lease when free or expired, renews it when already ours; false while another process holds it. */
  acquire(): boolean {
    const start = this.now();
    const row = this.db.select().from(leases).where(eq(leases.name, this.name)).get();
    if (row && row.holder !== this.holder && row.expiresAtMs > start) return this.lost();
    const expires = start + this.ttlMs;
    const won = writeTx(this.db, (tx) =>
      tx
        .insert(leases)
        .values({ name: this.name, holder: this.holder, expiresAtMs: expires, acquiredAt: new Date(start).toISOString() })
        .onConflictDoUpdate({
          target: leases.name,
          set: {
            holder: this.holder,
            expiresAtMs: expires,
            acquiredAt: sql`CASE WHEN ${leases.holder} = ${this.holder} THEN ${leases.acquiredAt} ELSE excluded.acquired_at END`,
          },
          setWhere: or(eq(leases.holder, this.holder), lte(leases.expiresAtMs, start)),
        })
        .run(),
    ).changes;
    if (won !== 1) return this.lost();
    if (this.validUntil === 0) console.log(JSON.stringify({ level: "info", event: "lease_acquired", lease: this.name, holder: this.holder }));
    this.validUntil = expires - Math.ceil(this.ttlMs / 5);
    this.renewAt = start + Math.floor(this.ttlMs / 3);
    return true;
  }

  private lost(): false {
    if (this.validUntil !== 0) console.warn(JSON.stringify({ level: "warn", event: "lease_lost", lease: this.name, holder: this.holder }));
    this.validUntil = 0;
    this.renewAt = 0;
    return false;
  }

  /** Whether the lease is ours with time to spare, by this process's clock alone. */
  held(): boolean {
    return this.now() < this.validUntil;
  }

  /** Whether the lease is ours: renews it in the database when due, acquires it when free. */
  hold(): boolean {
    if (this.now() < this.renewAt) return true;
    try {
      return this.acquire();
    } catch (err) {
      // A failed renewal (the disk, a lock held too long) leaves the lease as long as it lasts.
      console.warn(JSON.stringify({ level: "warn", event: "lease_renew_failed", lease: this.name, message: String(err) }));
      return this.held();
    }
  }

  /** Runs fn in a write transaction that first checks the lease is ours; null, without running it, when not. */
  whileHeld<T>(fn: () => T): { value: T } | null {
    if (!this.held()) return null;
    return writeTx(this.db, (tx) => {
      const mine = tx
        .select({ name: leases.name })
        .from(leases)
        .where(and(eq(leases.name, this.name), eq(leases.holder, this.holder), gt(leases.expiresAtMs, this.now())))
        .get();
      return mine ? { value: fn() } : null;
    });
  }

  /** Lets the lease go at once, so another process need not wait for it to expire. */
  release(): void {
    const wasHeld = this.validUntil !== 0;
    this.validUntil = 0;
    this.renewAt = 0;
    if (!wasHeld) return;
    writeTx(this.db, (tx) =>
      tx
        .update(leases)
        .set({ expiresAtMs: this.now() })
        .where(and(eq(leases.name, this.name), eq(leases.holder, this.holder)))
        .run(),
    );
    console.log(JSON.stringify({ level: "info", event: "lease_released", lease: this.name, holder: this.holder }));
  }
}

function runKey(name: string): string {
  return `job_run:${name}`;
}

/** When a periodic job last ran, in ms since the epoch; 0 when never. */
export function lastRunMs(db: Db, name: string): number {
  return (
    db
      .select({ v: dataVersions.version })
      .from(dataVersions)
      .where(eq(dataVersions.name, runKey(name)))
      .get()?.v ?? 0
  );
}

/** A period has passed since the last run; or the last run lies more than a period ahead, after the clock was set back. */
function due(sinceMs: number, periodMs: number): boolean {
  return sinceMs >= periodMs || sinceMs < -periodMs;
}

/**
 * Runs fn when a period has passed since the job's last run by any process, under the lease
 * and in one transaction with the record of the run: a job whose holder changes does not run
 * twice in its period. fn may open its own write transaction: it nests in this one.
 */
export function runOncePerPeriod<T>(db: Db, lease: Lease, periodMs: number, fn: () => T, now: () => number = Date.now): { value: T } | null {
  if (!lease.held() || !due(now() - lastRunMs(db, lease.name), periodMs)) return null;
  const ran = lease.whileHeld(() => {
    const at = now();
    if (!due(at - lastRunMs(db, lease.name), periodMs)) return null;
    const value = fn();
    writeTx(db, (tx) =>
      tx
        .insert(dataVersions)
        .values({ name: runKey(lease.name), version: at })
        .onConflictDoUpdate({ target: dataVersions.name, set: { version: at } })
        .run(),
    );
    return { value };
  });
  return ran?.value ?? null;
}

/** What a job's pass is given: its lease, and whether to go on between steps. */
export interface JobContext {
  lease: Lease;
  /** False once the lease is lost or the jobs are stopping: a long pass stops at its next step. */
  stillMine(): boolean;
}

export interface LeasedJob {
  /** The lease's name, and the job's in logs. */
  name: string;
  /** How often the holder starts a pass. */
  everyMs: number;
  run(ctx: JobContext): unknown;
}

export interface SchedulerOptions {
  ttlMs: number;
  /** How often leases are renewed or tried and due jobs started. */
  tickMs: number;
  holder?: string;
  now?: () => number;
}

interface Slot {
  job: LeasedJob;
  lease: Lease;
  nextAt: number;
  running: Promise<void> | null;
}

/** Runs each job in whichever process holds its lease; every process runs the same scheduler. */
export class LeaseScheduler {
  private readonly slots: Slot[] = [];
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly options: SchedulerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  add(job: LeasedJob): this {
    const lease = new Lease(this.db, job.name, this.options.ttlMs, { holder: this.options.holder, now: this.now });
    this.slots.push({ job, lease, nextAt: 0, running: null });
    return this;
  }

  start(): void {
    if (this.timer || this.stopping) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  /**
   * Starts no new pass and releases every lease held, each as soon as its pass in progress
   * (if any) has ended: a pass stuck on a remote server keeps only its own lease.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all(
      this.slots.map(async (s) => {
        await s.running;
        try {
          s.lease.release();
        } catch (err) {
          console.warn(JSON.stringify({ level: "warn", event: "lease_release_failed", lease: s.job.name, message: String(err) }));
        }
      }),
    );
  }

  /** Renews the leases held (a running pass included) and starts the passes that are due. */
  private tick(): void {
    for (const slot of this.slots) {
      if (this.stopping) return;
      let mine = false;
      try {
        mine = slot.lease.hold();
      } catch (err) {
        console.warn(JSON.stringify({ level: "warn", event: "lease_check_failed", lease: slot.job.name, message: String(err) }));
      }
      // A lease taken over runs its job at once: periodic jobs decide from the database whether they are due.
      if (!mine) slot.nextAt = 0;
      if (!mine || slot.running || this.now() < slot.nextAt) continue;
      slot.nextAt = this.now() + slot.job.everyMs;
      slot.running = this.runPass(slot).finally(() => {
        slot.running = null;
      });
    }
  }

  private async runPass(slot: Slot): Promise<void> {
    const ctx: JobContext = { lease: slot.lease, stillMine: () => !this.stopping && slot.lease.hold() };
    try {
      await slot.job.run(ctx);
    } catch (err) {
      console.error(JSON.stringify({ level: "error", event: `${slot.job.name}_failed`, message: String(err) }));
    }
  }
}
