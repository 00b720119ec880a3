import { brokersExport } from "../services/export/listings.server";
import { exportLoader } from "../services/export/response.server";

/** The broker directory as the page shows it. */
export const loader = exportLoader(brokersExport, "csv");
