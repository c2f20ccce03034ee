// The parts of an OpenAPI 3.1 document this app writes and its API reference page reads.

export type JsonSchema = { [keyword: string]: unknown };

export interface OpenApiResponse {
  description: string;
  /** The error codes this status can carry, for readers that list them. */
  "x-error-codes"?: string[];
  headers?: Record<string, { $ref: string } | { description: string; schema: JsonSchema }>;
  content?: Record<string, { schema: JsonSchema; example?: unknown }>;
}

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security: Record<string, string[]>[];
  /** The scopes the key needs (also named in `security`, as OpenAPI 3.1 allows for non-OAuth schemes). */
  "x-required-scopes": string[];
  parameters?: OpenApiParameter[];
  requestBody?: {
    required: boolean;
    content: { "application/json": { schema: JsonSchema; example: unknown } };
  };
  responses: Record<string, OpenApiResponse>;
}

export type HttpMethod = "get" | "post" | "patch" | "delete";

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: {
    securitySchemes: Record<string, JsonSchema>;
    schemas: Record<string, JsonSchema>;
    headers: Record<string, { description: string; schema: JsonSchema }>;
  };
}
