import { statisticsExport } from "../services/export/statistics.server";
import { exportLoader } from "../services/export/response.server";

/** The statistics page's tables for its year; to anyone but the Bureau the page does not exist. */
export const loader = exportLoader(statisticsExport, "xlsx");
