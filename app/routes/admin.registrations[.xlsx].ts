import { registrationsExport } from "../services/export/admin-lists.server";
import { exportLoader } from "../services/export/response.server";

/** The imported national records with the page's filters, every page of them; the Bureau's only. */
export const loader = exportLoader(registrationsExport, "xlsx");
