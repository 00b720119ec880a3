import { apiDocument } from "./openapi.server";

// The reference page's content, read from the OpenAPI document itself: each endpoint, its
// parameters, an example request from the parameters' examples and an example answer from
// the response schema's examples.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: Json[];
  example?: Json;
  examples?: Json[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  description?: string;
  maximum?: number;
  maxItems?: number;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  example?: Json;
  schema?: Schema;
}

function components(): Record<string, Schema> {
  return (apiDocument().components?.schemas ?? {}) as Record<string, Schema>;
}

function resolve(schema: Schema): Schema {
  return schema.$ref ? resolve(components()[schema.$ref.replace("#/components/schemas/", "")] ?? {}) : schema;
}

/** An example value for a schema: its own example, else one built from its parts. */
export function exampleOf(raw: Schema, depth = 0): Json {
  const schema = resolve(raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.examples?.length) return schema.examples[0]!;
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice) return exampleOf(choice.find((s) => resolve(s).type !== "null") ?? choice[0]!, depth);
  if (schema.enum?.length) return schema.enum[0]!;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (depth > 6) return null;
  switch (type) {
    case "object":
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, exampleOf(v, depth + 1)]));
    case "array":
      return schema.items ? [exampleOf(schema.items, depth + 1)] : [];
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return "";
  }
}

function typeName(raw: Schema | undefined): string {
  if (!raw) return "";
  const schema = resolve(raw);
  if (schema.enum) return schema.enum.map(String).join(" | ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "");
  if (type === "array") return `${typeName(schema.items)}[]`;
  return type;
}

/** The example request of an operation: its path with every parameter that is not a repeatable filter set to its example. */
export function exampleQuery(parameters: Parameter[]): string {
  const query = new URLSearchParams();
  for (const p of parameters) {
    const example = p.example ?? p.schema?.example;
    if (p.in !== "query" || example === undefined || Array.isArray(example)) continue;
    query.set(p.name, String(example));
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}

export interface DocsEndpoint {
  method: string;
  path: string;
  summary: string;
  description: string;
  parameters: { name: string; type: string; repeatable: boolean; required: boolean; description: string; example: string }[];
  exampleRequest: string;
  exampleResponse: string;
  responses: { status: string; description: string }[];
}

/** Every endpoint of the document, ready to show. */
export function docsEndpoints(): DocsEndpoint[] {
  const doc = apiDocument();
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    (["get"] as const).flatMap((method) => {
      const op = item?.[method];
      if (!op) return [];
      const parameters = (op.parameters ?? []) as Parameter[];
      const ok = op.responses?.["200"] as { content?: Record<string, { schema?: Schema }> } | undefined;
      const schema = ok?.content?.["application/json"]?.schema;
      return [
        {
          method: method.toUpperCase(),
          path,
          summary: op.summary ?? "",
          description: op.description ?? "",
          parameters: parameters.map((p) => {
            const example = p.example ?? p.schema?.example;
            return {
              name: p.name,
              type: typeName(p.schema),
              repeatable: resolve(p.schema ?? {}).type === "array",
              required: p.required ?? false,
              description: p.description ?? p.schema?.description ?? "",
              example: example === undefined ? "" : Array.isArray(example) ? example.map(String).join(", ") : String(example),
            };
          }),
          exampleRequest: `${method.toUpperCase()} ${path}${exampleQuery(parameters)}`,
          exampleResponse: schema ? JSON.stringify(exampleOf(schema), null, 2) : "",
          responses: Object.entries(op.responses ?? {}).map(([status, r]) => ({ status, description: (r as { description?: string }).description ?? "" })),
        },
      ];
    }),
  );
}
