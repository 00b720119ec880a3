// Whether the remote engine may be used, shared by the search facade and the relay.
//
// The remote engine's init (version check, indexes, settings) runs in the background: at
// start, again at most every `checkEveryMs` while it is healthy, and at once when a search or
// a write suggests the index lost its settings (an index dropped and recreated behind the
// platform). A visitor's search never waits for it longer than a moment: while the engine
// is not ready the embedded engine answers. A server too old for the settings is refused
// once, with one log line, and the platform serves from the embedded engine.

import type { RemoteIndex } from "./engine";
import { UnsupportedServerError } from "./meilisearch";

export type RemoteState = "starting" | "ready" | "unsupported" | "down";

export interface RemoteGateOptions {
  /** Settings and version are verified at most this often while the engine is healthy. */
  checkEveryMs?: number;
  now?: () => Date;
  /**
   * Called when the remote index may lack documents the embedded one holds: a server that
   * was refused (too old) is accepted, or an index that was ready had to be recreated or
   * given its settings again (dropped behind the platform).
   */
  onCatchUp?: () => void;
}

export class RemoteGate {
  private current: RemoteState = "starting";
  private running: Promise<RemoteState> | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private everReady = false;
  private lastError: unknown = null;
  private readonly checkEveryMs: number;
  private readonly now: () => Date;

  constructor(
    readonly remote: RemoteIndex,
    private readonly options: RemoteGateOptions = {},
  ) {
    this.checkEveryMs = options.checkEveryMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
  }

  get state(): RemoteState {
    return this.current;
  }

  /** Why the last check failed, for the relay to record. */
  get error(): unknown {
    return this.lastError;
  }

  private due(): boolean {
    if (this.current === "starting" || this.current === "down") return true;
    return this.now().getTime() - this.checkedAt >= this.checkEveryMs;
  }

  /**
   * Runs the engine's init when it is due (or `force`d) and resolves with the state it left;
   * callers arriving meanwhile share the run.
   */
  check(force = false): Promise<RemoteState> {
    if (this.running) return this.running;
    if (!force && !this.due()) return Promise.resolve(this.current);
    const run = this.remote.init().then(
      (repaired: unknown) => this.settle("ready", null, repaired === true),
      (err: unknown) => this.settle(err instanceof UnsupportedServerError ? "unsupported" : "down", err),
    );
    this.running = run;
    return run;
  }

  private settle(next: RemoteState, err: unknown, repaired = false): RemoteState {
    const before = this.current;
    const catchUp = next === "ready" && (before === "unsupported" || (repaired && this.everReady));
    this.running = null;
    this.checkedAt = this.now().getTime();
    this.current = next;
    this.lastError = err;
    if (next === "ready") this.everReady = true;
    if (next === "unsupported" && before !== "unsupported") {
      const message = err instanceof Error ? err.message : String(err);
      console.error(JSON.stringify({ level: "error", event: "search_engine_unsupported", engine: this.remote.name, message }));
    }
    if (catchUp) this.options.onCatchUp?.();
    return next;
  }

  /**
   * The index seems to have lost its settings: searches go to the embedded engine until a
   * check, started now, has re-applied them.
   */
  recheck(): void {
    if (this.current === "ready") this.current = "starting";
    void this.check(true);
  }

  /**
   * For a visitor's search: true when the remote engine may answer. Starts a check when one
   * is due but waits for it only while the engine has never been ready (a process just
   * started), and then at most `maxWaitMs`.
   */
  async readyForSearch(maxWaitMs: number): Promise<boolean> {
    const run = this.check();
    if (this.current === "ready") return true;
    if (this.current === "unsupported" || this.everReady || maxWaitMs <= 0) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<RemoteState>((resolve) => {
      timer = setTimeout(() => resolve(this.current), maxWaitMs);
    });
    try {
      return (await Promise.race([run, timeout])) === "ready";
    } finally {
      clearTimeout(timer);
    }
  }
}
