import { apiJson } from "../services/api/http.server";
import { apiDocument } from "../services/api/openapi.server";

// GET /api/v1/openapi.json: the OpenAPI 3.1 document, generated from the schemas the API parses with.
export function loader() {
  return apiJson(apiDocument(), 300);
}
