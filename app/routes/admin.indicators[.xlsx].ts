import { indicatorsExport } from "../services/export/indicators.server";
import { exportLoader } from "../services/export/response.server";

/** The indicator dashboard with its year and county; the Bureau's only. */
export const loader = exportLoader(indicatorsExport, "xlsx");
