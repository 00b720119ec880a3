import { organisationsExport } from "../services/export/admin-lists.server";
import { exportLoader } from "../services/export/response.server";

/** The organisations awaiting verification and those verified; the Bureau's only. */
export const loader = exportLoader(organisationsExport, "csv");
