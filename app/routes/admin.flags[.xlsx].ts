import { flagsExport } from "../services/export/admin-lists.server";
import { exportLoader } from "../services/export/response.server";

/** The padding flags with the page's filters; the Bureau's only. */
export const loader = exportLoader(flagsExport, "xlsx");
