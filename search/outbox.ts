import type { Tx } from "../db/connection";
import { searchOutbox } from "../db/schema";

export type IndexedEntity = "need" | "achievement" | "challenge" | "scenario";

/**
 * Records that a listing's search document must be refreshed. Called inside the same
 * transaction as the listing's own write, so a crash can never leave the index behind
 * without a row here to replay.
 */
export function enqueueSearchSync(tx: Tx, entity: IndexedEntity, entityId: number, op: "upsert" | "delete" = "upsert"): void {
  tx.insert(searchOutbox).values({ entity, entityId, op }).run();
}
