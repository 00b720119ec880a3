import { transformationBureauExport } from "../services/export/bureau.server";
import { transformationListExport } from "../services/export/listings.server";
import { exportLoader } from "../services/export/response.server";

/** The transformation list as the page shows it, or in the Bureau's template with ?layout=bureau. */
export const loader = exportLoader(transformationListExport, "csv", { bureau: transformationBureauExport });
