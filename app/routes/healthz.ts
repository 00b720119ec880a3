import { json } from "@remix-run/node";
import { getDb } from "../services/db.server";
import { getSearch } from "../services/search.server";

export function loader() {
  try {
    getDb().$client.prepare("SELECT count(*) FROM organisations").get();
  } catch {
    return json({ status: "error", db: "unavailable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
  return json({ status: "ok", db: "ok", search: getSearch().engineName }, { headers: { "Cache-Control": "no-store" } });
}
