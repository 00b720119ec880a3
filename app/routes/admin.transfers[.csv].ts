import { transfersExport } from "../services/export/admin-lists.server";
import { exportLoader } from "../services/export/response.server";

/** The transfers awaiting verification and the latest decided; the Bureau's only. */
export const loader = exportLoader(transfersExport, "csv");
