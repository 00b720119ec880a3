import { contractsDeskExport } from "../services/export/admin-lists.server";
import { exportLoader } from "../services/export/response.server";

/** The registration desk's lists as the page shows them, one sheet per section; the Bureau's only. */
export const loader = exportLoader(contractsDeskExport, "csv");
