import { needsBureauExport } from "../services/export/bureau.server";
import { needsExport } from "../services/export/listings.server";
import { exportLoader } from "../services/export/response.server";

/** The needs list as the page shows it (every page of it), or in the Bureau's template with ?layout=bureau. */
export const loader = exportLoader(needsExport, "xlsx", { bureau: needsBureauExport });
