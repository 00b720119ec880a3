// npm run search:reindex [-- --kind need|achievement] [--reconcile]
//
// Rebuilds the search index (the embedded one always, Meilisearch too when MEILI_HOST is set)
// from the database at DATABASE_PATH, without an empty moment for searches running
// meanwhile. With --reconcile it only compares the indexes with the database and queues what
// differs for the relay. Prints one JSON line per engine and kind.

import { openDb } from "../db/connection";
import { databasePath } from "../db/path";
import { createSearch } from "./index";
import { LISTING_KIND_LIST, type ListingKind } from "./types";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const kindArg = args.includes("--kind") ? args[args.indexOf("--kind") + 1] : undefined;
  if (kindArg !== undefined && !(LISTING_KIND_LIST as readonly string[]).includes(kindArg)) {
    process.stderr.write("usage: npm run search:reindex -- [--kind need|achievement] [--reconcile]\n");
    process.exit(2);
  }
  const db = openDb(databasePath(), { mustExist: true });
  const search = createSearch(db, {
    MEILI_HOST: process.env.MEILI_HOST,
    MEILI_API_KEY: process.env.MEILI_API_KEY,
    MEILI_INDEX_PREFIX: process.env.MEILI_INDEX_PREFIX,
  });
  try {
    if (args.includes("--reconcile")) {
      for (const r of await search.reconcile()) {
        console.log(JSON.stringify({ engine: r.engine, kind: r.kind, missing: r.missing.length, stale: r.stale.length, extra: r.extra.length }));
      }
      const drained = await search.relay.drain();
      console.log(JSON.stringify({ relay: drained, status: search.relayStatus() }));
    } else {
      const kinds: ListingKind[] | undefined = kindArg ? [kindArg as ListingKind] : undefined;
      for (const r of await search.reindex(kinds)) console.log(JSON.stringify(r));
    }
  } finally {
    search.close();
    db.$client.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
