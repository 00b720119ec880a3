import type { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject } from "zod-openapi";
import {
  apiAchievementsPage,
  apiAchievementsQuery,
  apiBrokersPage,
  apiBrokersQuery,
  apiIndicator,
  apiIndicatorsQuery,
  apiNeedsPage,
  apiNeedsQuery,
  apiProblem,
} from "../../schemas/api";
import { apiRateSettings } from "./rate-limit.server";

// The OpenAPI 3.1 document of /api/v1, generated from the very schemas the routes parse with.

const limitHeaders = {
  "RateLimit-Policy": { description: 'The limit, e.g. `"api";q=120;w=60`: 120 requests per 60-second window.', schema: { type: "string" as const } },
  RateLimit: { description: 'What is left, e.g. `"api";r=119;t=60`: 119 requests, the window resets in 60 s.', schema: { type: "string" as const } },
};

const problem = (description: string, headers: Record<string, { description: string; schema: { type: "string" | "integer" } }> = limitHeaders) => ({
  description,
  headers,
  content: { "application/json": { schema: apiProblem } },
});

function operation(operationId: string, summary: string, description: string, query: z.ZodObject, body: z.ZodType): ZodOpenApiOperationObject {
  return {
    operationId,
    summary,
    description,
    requestParams: { query },
    responses: {
      "200": { description: "OK", headers: limitHeaders, content: { "application/json": { schema: body } } },
      "400": problem("A query parameter is invalid."),
      "429": problem("Too many requests from this address; wait as Retry-After says.", {
        ...limitHeaders,
        "Retry-After": { description: "Seconds until a request is accepted again.", schema: { type: "integer" } },
      }),
      "503": problem("The data cannot be read just now."),
    },
  };
}

/** The document as an object; built once per process (the schemas do not change while it runs). */
let built: ReturnType<typeof createDocument> | undefined;

export function apiDocument() {
  if (built) return built;
  const { limit, windowSeconds } = apiRateSettings();
  built = createDocument({
    openapi: "3.1.0",
    info: {
      title: "吕梁科技大市场开放数据接口 · Lüliang Technology Market open data API",
      version: "1.0.0",
      description:
        `Published technical needs, achievements, the broker directory and the official technology-contract figure, read-only and without contact details. ` +
        `Lists take the list pages' own filters and search and are paged with \`page\` and \`pageSize\` (at most 100); the answer gives \`total\` and \`pages\`. ` +
        `Rate limit: ${limit} requests per ${windowSeconds} s per client address (RateLimit-Policy / RateLimit headers, draft-ietf-httpapi-ratelimit-headers); 429 with Retry-After beyond it. ` +
        `CORS is open for GET; no cookies. Error messages follow Accept-Language (zh-CN or en).`,
    },
    servers: [{ url: "/", description: "This site" }],
    paths: {
      "/api/v1/needs": {
        get: operation(
          "listNeeds",
          "Technical needs",
          "Published technical needs, as the list page /needs shows them for the same query, in the same order.",
          apiNeedsQuery,
          apiNeedsPage,
        ),
      },
      "/api/v1/achievements": {
        get: operation(
          "listAchievements",
          "Achievements",
          "Published scientific and technological achievements, as the list page /achievements shows them for the same query, in the same order.",
          apiAchievementsQuery,
          apiAchievementsPage,
        ),
      },
      "/api/v1/brokers": {
        get: operation(
          "listBrokers",
          "Technology brokers",
          "Certified brokers in force, as the directory /brokers shows them: most senior and most successful first.",
          apiBrokersQuery,
          apiBrokersPage,
        ),
      },
      "/api/v1/indicators": {
        get: operation(
          "officialIndicator",
          "Official contract figure",
          "The official technology-contract figure of a year, amounts in fen (1 yuan = 100 fen); the same figure the public indicator page shows.",
          apiIndicatorsQuery,
          apiIndicator,
        ),
      },
    },
  });
  return built;
}
