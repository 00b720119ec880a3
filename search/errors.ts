// Errors an engine raises, kept apart so the relay can tell a document the engine rejected
// (retry it alone, the others may pass) from an engine it could not reach (everything waits).

/** The engine accepted a task and then reported it failed or cancelled. */
export class IndexTaskFailedError extends Error {
  constructor(
    message: string,
    readonly taskUid: number | null,
    readonly code: string | null,
  ) {
    super(message);
    this.name = "IndexTaskFailedError";
  }
}
