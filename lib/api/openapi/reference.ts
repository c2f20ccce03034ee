import type { HttpMethod, JsonSchema, OpenApiDocument, OpenApiOperation } from "@/lib/api/openapi/types";

// The OpenAPI document turned into what the API reference page shows: plain data, so the page only renders.

export interface ReferenceField {
  name: string;
  type: string;
  required: boolean;
  description?: string;
  /** Limits and defaults in words: "1 to 64 characters", "default: never". */
  rules: string[];
}

export interface ReferenceResponse {
  status: string;
  description: string;
  codes: string[];
  fields: ReferenceField[];
  schemaName?: string;
}

export interface ReferenceOperation {
  id: string;
  method: HttpMethod;
  path: string;
  summary: string;
  description: string;
  /** null: no key needed. */
  scopes: string[] | null;
  parameters: ReferenceField[];
  body: { required: boolean; schemaName?: string; fields: ReferenceField[] } | null;
  responses: ReferenceResponse[];
  curl: string;
}

export interface ReferenceSection {
  tag: string;
  description: string;
  operations: ReferenceOperation[];
}

const METHODS: HttpMethod[] = ["get", "post", "patch", "delete"];

const refName = (schema: JsonSchema) => (typeof schema.$ref === "string" ? schema.$ref.split("/").at(-1) : undefined);

function resolve(document: OpenApiDocument, schema: JsonSchema): JsonSchema {
  const name = refName(schema);
  return name ? (document.components.schemas[name] ?? {}) : schema;
}

export function typeOf(schema: JsonSchema): string {
  const name = refName(schema);
  if (name) return name;
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeOf).join(" | ");
  if (schema.type === "array") return `${typeOf((schema.items as JsonSchema) ?? {})}[]`;
  if (typeof schema.format === "string") return `string (${schema.format})`;
  return typeof schema.type === "string" ? schema.type : "any";
}

function rulesOf(schema: JsonSchema): string[] {
  const rules: string[] = [];
  const range = (min: unknown, max: unknown, unit: string) => {
    if (min !== undefined && max !== undefined) rules.push(`${min} to ${max}${unit}`);
    else if (min !== undefined) rules.push(`at least ${min}${unit}`);
    else if (max !== undefined) rules.push(`at most ${max}${unit}`);
  };
  range(schema.minLength, schema.maxLength, " characters");
  range(schema.minItems, schema.maxItems, " items");
  range(schema.minimum, schema.maximum, "");
  if (Array.isArray(schema.enum)) rules.push(`one of: ${schema.enum.join(", ")}`);
  const items = schema.items as JsonSchema | undefined;
  if (typeof items?.pattern === "string") rules.push(`each matching ${items.pattern}`);
  if (schema.default !== undefined) rules.push(`default: ${JSON.stringify(schema.default)}`);
  return rules;
}

function fieldsOf(document: OpenApiDocument, schema: JsonSchema): ReferenceField[] {
  const object = resolve(document, schema);
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = (object.required ?? []) as string[];
  return Object.entries(properties).map(([name, property]) => ({
    name,
    type: typeOf(property),
    required: required.includes(name),
    description: property.description as string | undefined,
    rules: rulesOf(property),
  }));
}

/** A shell command for the operation, with the key and ids as shell variables (never a real key on the page). */
export function curlExample(baseUrl: string, path: string, method: HttpMethod, operation: OpenApiOperation): string {
  const url = `${baseUrl}${path.replace("{id}", "$KEY_ID")}`;
  const lines = [`curl${method === "get" ? "" : ` -X ${method.toUpperCase()}`} "${url}"`];
  if (operation.security.length > 0) lines.push(`-H "Authorization: Bearer $LATCHKEY_API_KEY"`);
  const body = operation.requestBody?.content["application/json"];
  if (body) {
    lines.push(`-H "Content-Type: application/json"`);
    // Single quotes keep the JSON as it is; a quote inside it is closed, escaped and reopened.
    lines.push(`-d '${JSON.stringify(body.example).replaceAll("'", "'\\''")}'`);
  }
  return lines.join(" \\\n  ");
}

function operationView(
  document: OpenApiDocument,
  baseUrl: string,
  path: string,
  method: HttpMethod,
  operation: OpenApiOperation,
): ReferenceOperation {
  const body = operation.requestBody?.content["application/json"];
  return {
    id: operation.operationId,
    method,
    path,
    summary: operation.summary,
    description: operation.description,
    scopes: operation.security.length === 0 ? null : operation["x-required-scopes"],
    parameters: (operation.parameters ?? []).map((parameter) => ({
      name: `${parameter.name} (${parameter.in})`,
      type: typeOf(parameter.schema),
      required: parameter.required,
      description: parameter.description,
      rules: rulesOf(parameter.schema),
    })),
    body: body
      ? { required: operation.requestBody!.required, schemaName: refName(body.schema), fields: fieldsOf(document, body.schema) }
      : null,
    responses: Object.entries(operation.responses).map(([status, response]) => {
      const schema = response.content?.["application/json"]?.schema;
      const isError = Number(status) >= 400;
      return {
        status,
        description: response.description,
        codes: response["x-error-codes"] ?? [],
        schemaName: schema && !isError ? refName(schema) : undefined,
        fields: schema && !isError ? fieldsOf(document, schema) : [],
      };
    }),
    curl: curlExample(baseUrl, path, method, operation),
  };
}

/** The document's operations grouped by tag, in the document's order. */
export function apiReference(document: OpenApiDocument, serverUrl: string): ReferenceSection[] {
  const baseUrl = serverUrl.replace(/\/$/, "");
  return document.tags.map(({ name, description }) => ({
    tag: name,
    description,
    operations: Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.flatMap((method) => {
        const operation = item[method];
        return operation?.tags.includes(name) ? [operationView(document, baseUrl, path, method, operation)] : [];
      }),
    ),
  }));
}

export interface ReferenceObject {
  name: string;
  fields: ReferenceField[];
}

/** Named schemas that response fields refer to (an issued key's `key` is an ApiKey), to be shown once, apart. */
export function referencedObjects(document: OpenApiDocument): ReferenceObject[] {
  const names = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      for (const response of Object.values(operation.responses)) {
        const schema = response.content?.["application/json"]?.schema;
        if (!schema) continue;
        for (const property of Object.values((resolve(document, schema).properties ?? {}) as Record<string, JsonSchema>)) {
          const name = refName(property) ?? refName((property.items as JsonSchema | undefined) ?? {});
          if (name) names.add(name);
        }
      }
    }
  }
  return [...names].sort().map((name) => ({ name, fields: fieldsOf(document, { $ref: `#/components/schemas/${name}` }) }));
}
