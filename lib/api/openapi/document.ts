import { BUILT_IN_SCOPES } from "@/lib/scopes";
import { API_OPERATIONS, type ApiOperation } from "@/lib/api/operations";
import type { OpenApiDocument, OpenApiOperation, OpenApiParameter } from "@/lib/api/openapi/types";
import { componentSchemas, queryParameterSchemas, schemaRef } from "@/lib/api/openapi/schemas";
import { RESPONSE_HEADERS, responsesOf } from "@/lib/api/openapi/responses";

export const API_BASE_PATH = "/api/v1";

const SECURITY_SCHEMES = {
  bearerAuth: { type: "http", scheme: "bearer", description: "`Authorization: Bearer <key>`" },
  apiKeyHeader: { type: "apiKey", in: "header", name: "X-API-Key", description: "`X-API-Key: <key>`" },
};

const KEY_ID_PARAMETER: OpenApiParameter = {
  name: "id",
  in: "path",
  required: true,
  description: "The key's id. An id that is not one of the calling key's account's keys is answered 404.",
  schema: { type: "string", format: "uuid" },
};

const WEBHOOK_ID_PARAMETER: OpenApiParameter = {
  name: "id",
  in: "path",
  required: true,
  description: "The webhook endpoint's id. An id that is not one of the calling key's account's endpoints is answered 404.",
  schema: { type: "string", format: "uuid" },
};

const DELIVERY_ID_PARAMETER: OpenApiParameter = {
  name: "deliveryId",
  in: "path",
  required: true,
  description: "A delivery of that endpoint (from its delivery log).",
  schema: { type: "string", format: "uuid" },
};

const IDEMPOTENCY_KEY_PARAMETER: OpenApiParameter = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "Any text of yours up to 255 characters, new for each request (a UUID). Sent again, the request is refused with 409 rather than done twice: the secret went to the first answer and is not kept.",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};

const DESCRIPTION = [
  "Manage API keys from your own code, and verify the keys your clients present.",
  "Send a key as `Authorization: Bearer <key>` or `X-API-Key: <key>`, never in the URL. Each operation names the",
  `scopes its key needs; the built-in scopes are ${BUILT_IN_SCOPES.map((s) => `\`${s}\``).join(", ")}.`,
  'Errors share one shape, `{ "error": { "code", "message", "details"? } }`, and no response may be cached.',
].join(" ");

function tagOf(operation: ApiOperation): string {
  if (operation.path.startsWith("/keys")) return "Keys";
  if (operation.path.startsWith("/webhooks")) return "Webhooks";
  if (operation.path === "/verify") return "Verification";
  return "Account";
}

function operationObject(operationId: string, operation: ApiOperation): OpenApiOperation {
  const parameters: OpenApiParameter[] = [];
  if (operation.path.includes("{id}")) {
    parameters.push(operation.path.startsWith("/webhooks") ? WEBHOOK_ID_PARAMETER : KEY_ID_PARAMETER);
  }
  if (operation.path.includes("{deliveryId}")) parameters.push(DELIVERY_ID_PARAMETER);
  if (operation.query) {
    for (const [name, parameter] of Object.entries(queryParameterSchemas(operation.query))) {
      parameters.push({ name, in: "query", ...parameter });
    }
  }
  if (operation.idempotent) parameters.push(IDEMPOTENCY_KEY_PARAMETER);
  const scopes = operation.scopes;
  return {
    operationId,
    summary: operation.summary,
    description: operation.description,
    tags: [tagOf(operation)],
    // OpenAPI 3.1 lets a non-OAuth scheme list the roles it needs; these are the key's required scopes.
    security: operation.auth === "none" ? [] : [{ bearerAuth: scopes }, { apiKeyHeader: scopes }],
    "x-required-scopes": scopes,
    ...(parameters.length > 0 && { parameters }),
    ...(operation.body && {
      requestBody: {
        required: operation.body.required,
        content: { "application/json": { schema: schemaRef(operation.body.id), example: operation.body.example } },
      },
    }),
    responses: responsesOf(operation),
  };
}

function buildDocument(): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const [operationId, operation] of Object.entries(API_OPERATIONS) as [string, ApiOperation][]) {
    (paths[operation.path] ??= {})[operation.method] = operationObject(operationId, operation);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Latchkey API", version: "1", description: DESCRIPTION },
    // Relative: resolved against wherever this document is served from.
    servers: [{ url: API_BASE_PATH }],
    security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
    tags: [
      { name: "Keys", description: "Your keys: create, read, change, roll, revoke, usage." },
      { name: "Verification", description: "For the platform's own services." },
      { name: "Webhooks", description: "Endpoints that receive the account's events, signed; their delivery log." },
      { name: "Account", description: "The calling key, the scope catalogue and this document." },
    ],
    paths,
    components: { securitySchemes: SECURITY_SCHEMES, schemas: componentSchemas(), headers: RESPONSE_HEADERS },
  };
}

let cached: OpenApiDocument | undefined;

/** The OpenAPI 3.1 document of the API, generated from the zod schemas that validate its requests and type its answers. */
export function openApiDocument(): OpenApiDocument {
  cached ??= buildDocument();
  return cached;
}
