// Meilisearch's error format: every refusal carries a message, a machine-readable `code`, an
// error `type` and a `link` to the code's documentation, with the HTTP status the API
// reference gives for that code. Task errors use the same object, without a status.

export type ErrorType = "invalid_request" | "internal" | "auth" | "system";

export interface MeiliErrorBody {
  message: string;
  code: string;
  type: ErrorType;
  link: string;
}

/** Status and type per error code (the API reference's error-code list). */
const CATALOG: Record<string, [status: number, type: ErrorType]> = {
  missing_authorization_header: [401, "auth"],
  invalid_api_key: [403, "auth"],
  index_not_found: [404, "invalid_request"],
  index_already_exists: [409, "invalid_request"],
  invalid_index_uid: [400, "invalid_request"],
  invalid_index_primary_key: [400, "invalid_request"],
  index_primary_key_already_exists: [400, "invalid_request"],
  index_primary_key_multiple_candidates_found: [400, "invalid_request"],
  index_primary_key_no_candidate_found: [400, "invalid_request"],
  missing_document_id: [400, "invalid_request"],
  invalid_document_id: [400, "invalid_request"],
  document_not_found: [404, "invalid_request"],
  invalid_document_fields: [400, "invalid_request"],
  invalid_document_limit: [400, "invalid_request"],
  invalid_document_offset: [400, "invalid_request"],
  invalid_document_filter: [400, "invalid_request"],
  missing_document_filter: [400, "invalid_request"],
  invalid_search_q: [400, "invalid_request"],
  invalid_search_filter: [400, "invalid_request"],
  invalid_search_sort: [400, "invalid_request"],
  invalid_search_facets: [400, "invalid_request"],
  invalid_search_offset: [400, "invalid_request"],
  invalid_search_limit: [400, "invalid_request"],
  invalid_search_page: [400, "invalid_request"],
  invalid_search_hits_per_page: [400, "invalid_request"],
  invalid_search_matching_strategy: [400, "invalid_request"],
  invalid_search_attributes_to_retrieve: [400, "invalid_request"],
  invalid_search_attributes_to_highlight: [400, "invalid_request"],
  invalid_search_highlight_pre_tag: [400, "invalid_request"],
  invalid_search_highlight_post_tag: [400, "invalid_request"],
  invalid_search_show_ranking_score: [400, "invalid_request"],
  invalid_search_distinct: [400, "invalid_request"],
  invalid_search_ranking_score_threshold: [400, "invalid_request"],
  invalid_search_attributes_to_search_on: [400, "invalid_request"],
  invalid_settings_searchable_attributes: [400, "invalid_request"],
  invalid_settings_displayed_attributes: [400, "invalid_request"],
  invalid_settings_filterable_attributes: [400, "invalid_request"],
  invalid_settings_sortable_attributes: [400, "invalid_request"],
  invalid_settings_ranking_rules: [400, "invalid_request"],
  invalid_settings_stop_words: [400, "invalid_request"],
  invalid_settings_synonyms: [400, "invalid_request"],
  invalid_settings_distinct_attribute: [400, "invalid_request"],
  invalid_settings_typo_tolerance: [400, "invalid_request"],
  invalid_settings_faceting: [400, "invalid_request"],
  invalid_settings_pagination: [400, "invalid_request"],
  invalid_settings_dictionary: [400, "invalid_request"],
  invalid_settings_separator_tokens: [400, "invalid_request"],
  invalid_settings_non_separator_tokens: [400, "invalid_request"],
  invalid_settings_proximity_precision: [400, "invalid_request"],
  invalid_settings_search_cutoff_ms: [400, "invalid_request"],
  invalid_settings_localized_attributes: [400, "invalid_request"],
  invalid_settings_facet_search: [400, "invalid_request"],
  invalid_settings_prefix_search: [400, "invalid_request"],
  invalid_settings_embedders: [400, "invalid_request"],
  invalid_swap_indexes: [400, "invalid_request"],
  invalid_swap_duplicate_index_found: [400, "invalid_request"],
  invalid_task_uids: [400, "invalid_request"],
  invalid_task_statuses: [400, "invalid_request"],
  invalid_task_types: [400, "invalid_request"],
  invalid_task_limit: [400, "invalid_request"],
  invalid_task_from: [400, "invalid_request"],
  task_not_found: [404, "invalid_request"],
  api_key_not_found: [404, "invalid_request"],
  missing_payload: [400, "invalid_request"],
  malformed_payload: [400, "invalid_request"],
  invalid_content_type: [415, "invalid_request"],
  missing_content_type: [415, "invalid_request"],
  bad_request: [400, "invalid_request"],
  not_found: [404, "invalid_request"],
  invalid_multi_search_query_index: [400, "invalid_request"],
  internal: [500, "internal"],
  no_space_left_on_device: [500, "system"],
};

export class MeiliError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return (CATALOG[this.code] ?? [400])[0];
  }

  toBody(): MeiliErrorBody {
    return errorBody(this.code, this.message);
  }
}

export function errorBody(code: string, message: string): MeiliErrorBody {
  const type = (CATALOG[code] ?? [400, "invalid_request"])[1];
  return { message, code, type, link: `https://docs.meilisearch.com/errors#${code}` };
}

/** deserr's wording for a field the server does not know. */
export function unknownField(code: string, field: string, expected: readonly string[], inside?: string): MeiliError {
  const where = inside ? ` inside \`${inside}\`` : "";
  return new MeiliError(code, `Unknown field \`${field}\`${where}: expected one of ${expected.map((e) => `\`${e}\``).join(", ")}`);
}

/** deserr's wording for a value of the wrong type. */
export function invalidValue(code: string, path: string, expected: string, got: unknown): MeiliError {
  return new MeiliError(code, `Invalid value type at \`${path}\`: expected ${expected}, but found ${describe(got)}`);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array: \`${JSON.stringify(v)}\``;
  if (typeof v === "string") return `a string: \`${JSON.stringify(v)}\``;
  if (typeof v === "number") return `a positive integer: \`${v}\``;
  if (typeof v === "boolean") return `a boolean: \`${v}\``;
  return `an object: \`${JSON.stringify(v)}\``;
}
