import { achievementsExport } from "../services/export/listings.server";
import { exportLoader } from "../services/export/response.server";

/** The achievements list as the page shows it, every page of it. */
export const loader = exportLoader(achievementsExport, "csv");
