import { z } from "zod";
import type { JsonSchema } from "@/lib/api/openapi/types";
import { responseSchemas } from "@/lib/api/response-schemas";
import { API_OPERATIONS } from "@/lib/api/operations";

export const schemaRef = (id: string) => ({ $ref: `#/components/schemas/${id}` });

type Io = "input" | "output";

/**
 * zod's JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1), trimmed for a reader: zod's long regexes for formats
 * it also names (date-time, uuid) and the safe-integer bounds go, and responses stay open to new fields, which a
 * client must be ready to ignore.
 */
function tidy(io: Io) {
  return ({ jsonSchema }: { jsonSchema: JsonSchema }) => {
    if (typeof jsonSchema.format === "string") delete jsonSchema.pattern;
    // z.int()'s safe-integer range says nothing a reader needs.
    if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    if (io === "output" && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
  };
}

function fromRegistry(registry: z.core.$ZodRegistry<{ id: string }>, io: Io): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, {
    io,
    uri: (id) => schemaRef(id).$ref,
    override: tidy(io),
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema as JsonSchema]),
  );
}

/** components.schemas: request bodies as the client sends them (input), responses as the API writes them (output). */
export function componentSchemas(): Record<string, JsonSchema> {
  const requests = z.registry<{ id: string }>();
  for (const operation of Object.values(API_OPERATIONS)) {
    if ("body" in operation) requests.add(operation.body.schema, { id: operation.body.id });
  }
  return { ...fromRegistry(requests, "input"), ...fromRegistry(responseSchemas, "output") };
}

/** A query parameter's schema, from the same zod object that parses the query string. */
export function queryParameterSchemas(
  schema: z.ZodObject,
): Record<string, { schema: JsonSchema; required: boolean; description?: string }> {
  const json = z.toJSONSchema(schema, { io: "input", override: tidy("input") }) as {
    properties: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.fromEntries(
    Object.entries(json.properties).map(([name, { description, ...property }]) => [
      name,
      { schema: property, required: json.required?.includes(name) ?? false, description: description as string | undefined },
    ]),
  );
}
