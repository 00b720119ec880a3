// The task queue: every write is accepted as a task (202, status enqueued), then processed
// one at a time in enqueue order on a later tick (processing → succeeded | failed), so a
// client that waits for a task really waits. Failures are reported in the task's `error`,
// with Meilisearch's codes; the HTTP call that enqueued the task had already succeeded.

import { MeiliError, errorBody, type MeiliErrorBody } from "./errors";

export type TaskStatus = "enqueued" | "processing" | "succeeded" | "failed" | "canceled";

export interface Task {
  uid: number;
  batchUid: number | null;
  indexUid: string | null;
  status: TaskStatus;
  type: string;
  canceledBy: number | null;
  details: Record<string, unknown> | null;
  error: MeiliErrorBody | null;
  duration: string | null;
  enqueuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface Queued {
  task: Task;
  /** Does the work; may update details; throws a MeiliError to fail the task. */
  run: (task: Task) => void;
}

export class TaskQueue {
  readonly tasks: Task[] = [];
  private readonly queue: Queued[] = [];
  private nextUid = 0;
  private busy = false;
  private paused = false;
  private closed = false;
  private failures: string[] = [];

  enqueue(type: string, indexUid: string | null, details: Record<string, unknown> | null, run: Queued["run"]): Task {
    const task: Task = {
      uid: this.nextUid++,
      batchUid: null,
      indexUid,
      status: "enqueued",
      type,
      canceledBy: null,
      details,
      error: null,
      duration: null,
      enqueuedAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
    };
    this.tasks.push(task);
    this.queue.push({ task, run });
    this.kick();
    return task;
  }

  get(uid: number): Task | undefined {
    return this.tasks.find((t) => t.uid === uid);
  }

  /** Tasks not processed yet stay enqueued while paused. */
  pause(on: boolean): void {
    this.paused = on;
    if (!on) this.kick();
  }

  /** The next n tasks processed fail with this code. */
  failNext(n: number, code: string): void {
    for (let i = 0; i < n; i++) this.failures.push(code);
  }

  cancel(uids: readonly number[], by: number): number {
    let n = 0;
    for (const q of [...this.queue]) {
      if (!uids.includes(q.task.uid)) continue;
      this.queue.splice(this.queue.indexOf(q), 1);
      this.finish(q.task, "canceled");
      q.task.canceledBy = by;
      n++;
    }
    return n;
  }

  close(): void {
    this.closed = true;
  }

  private kick(): void {
    if (this.busy || this.paused || this.closed || this.queue.length === 0) return;
    this.busy = true;
    setImmediate(() => this.processNext());
  }

  private processNext(): void {
    const next = this.queue.shift();
    if (!next || this.paused || this.closed) {
      if (next) this.queue.unshift(next);
      this.busy = false;
      return;
    }
    const { task, run } = next;
    task.status = "processing";
    task.startedAt = new Date().toISOString();
    task.batchUid = task.uid;
    setImmediate(() => {
      try {
        const injected = this.failures.shift();
        if (injected) throw new MeiliError(injected, `Task ${task.uid} failed: the server was set to fail it (${injected}).`);
        run(task);
        this.finish(task, "succeeded");
      } catch (err) {
        task.error = err instanceof MeiliError ? err.toBody() : errorBody("internal", String(err));
        this.finish(task, "failed");
      }
      this.busy = false;
      this.kick();
    });
  }

  private finish(task: Task, status: TaskStatus): void {
    task.status = status;
    task.finishedAt = new Date().toISOString();
    const ms = task.startedAt ? Date.parse(task.finishedAt) - Date.parse(task.startedAt) : 0;
    task.duration = `PT${(ms / 1000).toFixed(3)}S`;
  }
}

/** GET /tasks with Meilisearch's filters (uids, statuses, types, indexUids) and paging (limit, from, reverse). */
export function listTasks(tasks: readonly Task[], query: URLSearchParams): Record<string, unknown> {
  const list = (name: string) =>
    query
      .get(name)
      ?.split(",")
      .map((s) => s.trim()) ?? null;
  const uids = list("uids");
  const statuses = list("statuses");
  const types = list("types");
  const indexUids = list("indexUids");
  const limit = Number(query.get("limit") ?? 20);
  if (!Number.isInteger(limit) || limit < 0)
    throw new MeiliError("invalid_task_limit", `Invalid value in parameter \`limit\`: could not parse \`${query.get("limit")}\` as a positive integer`);
  const from = query.has("from") ? Number(query.get("from")) : null;
  const reverse = query.get("reverse") === "true";
  let found = tasks.filter(
    (t) =>
      (!uids || uids.includes(String(t.uid))) &&
      (!statuses || statuses.includes("*") || statuses.includes(t.status)) &&
      (!types || types.includes("*") || types.includes(t.type)) &&
      (!indexUids || indexUids.includes("*") || (t.indexUid !== null && indexUids.includes(t.indexUid))),
  );
  found = reverse ? [...found].sort((a, b) => a.uid - b.uid) : [...found].sort((a, b) => b.uid - a.uid);
  const total = found.length;
  if (from !== null) found = found.filter((t) => (reverse ? t.uid >= from : t.uid <= from));
  const page = found.slice(0, limit);
  const next = found[limit]?.uid ?? null;
  return { results: page, total, limit, from: page[0]?.uid ?? null, next };
}

/** What POST of a write answers: 202 with the summary of the enqueued task. */
export function summary(task: Task): Record<string, unknown> {
  return { taskUid: task.uid, indexUid: task.indexUid, status: task.status, type: task.type, enqueuedAt: task.enqueuedAt };
}
