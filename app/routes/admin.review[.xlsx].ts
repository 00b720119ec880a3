import { reviewExport } from "../services/export/admin-lists.server";
import { exportLoader } from "../services/export/response.server";

/** The needs and achievements awaiting review; the Bureau's only. */
export const loader = exportLoader(reviewExport, "xlsx");
