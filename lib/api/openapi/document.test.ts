import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { GET as openApiRoute } from "@/app/api/v1/openapi.json/route";
import { BUILT_IN_SCOPES } from "@/lib/scopes";
import { apiCreateKeyFields } from "@/lib/validations/key";
import { openApiDocument } from "@/lib/api/openapi/document";
import { API_OPERATIONS, type ApiOperation } from "@/lib/api/operations";
import type { OpenApiOperation } from "@/lib/api/openapi/types";

const API_DIR = join(process.cwd(), "app", "api", "v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route handler under app/api/v1: its OpenAPI path, the methods it exports, and its source. */
function routeFiles(dir = API_DIR): { path: string; methods: string[]; source: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const source = readFileSync(full, "utf8");
    const segments = relative(API_DIR, dir).split(sep).filter(Boolean);
    const path = `/${segments.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`;
    const methods = METHODS.filter((m) => new RegExp(`export (const|async function|function) ${m}\\b`).test(source));
    return [{ path, methods, source }];
  });
}

const document = openApiDocument();
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ path, method, operation: operation as OpenApiOperation })),
);

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with both ways of sending a key", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: "Latchkey API", version: expect.any(String) });
    expect(document.servers).toEqual([{ url: "/api/v1" }]);
    expect(document.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: "http", scheme: "bearer" }),
      apiKeyHeader: expect.objectContaining({ type: "apiKey", in: "header", name: "X-API-Key" }),
    });
    // Plain JSON: nothing that would not survive the wire.
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it("documents every route handler under app/api/v1, and nothing that has none", () => {
    const routes = routeFiles();
    expect(routes.length).toBeGreaterThanOrEqual(7);
    const served = routes.flatMap(({ path, methods }) => methods.map((m) => `${m.toLowerCase()} ${path}`)).sort();
    const documented = operations.map(({ path, method }) => `${method} ${path}`).sort();
    expect(documented).toEqual(served);
  });

  it("enforces in each route the scopes documented for it", () => {
    for (const { path, source } of routeFiles()) {
      for (const chunk of source.split("export const ").slice(1)) {
        const method = chunk.match(/^(GET|POST|PATCH|DELETE)\b/)?.[1];
        // A route passes its operation's scopes, or the operation itself (scopes and audit action) to apiRoute.
        const operationId = chunk.match(/API_OPERATIONS\.(\w+)(?:\.scopes)?\b/)?.[1];
        if (!method || !operationId) continue;
        const operation: ApiOperation = API_OPERATIONS[operationId as keyof typeof API_OPERATIONS];
        expect(`${method} ${path}`).toBe(`${operation.method.toUpperCase()} ${operation.path}`);
      }
    }
    for (const { path, method, operation } of operations) {
      if (path === "/openapi.json") continue;
      const route = routeFiles().find((r) => r.path === path)!;
      expect(route.source, `${method} ${path}`).toMatch(new RegExp(`API_OPERATIONS\\.${operation.operationId}\\b`));
    }
  });

  it("names only built-in scopes, in security and x-required-scopes alike", () => {
    for (const { operation } of operations) {
      for (const scope of operation["x-required-scopes"]) expect(BUILT_IN_SCOPES).toContain(scope);
      for (const requirement of operation.security) {
        expect(Object.values(requirement)).toEqual([operation["x-required-scopes"]]);
      }
    }
    const scopeOf = (path: string, method: string) => document.paths[path]?.[method as "get"]?.["x-required-scopes"];
    expect(scopeOf("/keys", "get")).toEqual(["keys:read"]);
    expect(scopeOf("/keys", "post")).toEqual(["keys:write"]);
    expect(scopeOf("/keys/{id}/usage", "get")).toEqual(["usage:read"]);
    expect(scopeOf("/verify", "post")).toEqual(["keys:verify"]);
    expect(scopeOf("/scopes", "get")).toEqual([]);
    expect(document.paths["/openapi.json"]?.get?.security).toEqual([]);
  });

  it("generates the request schemas from the zod schemas that validate them", () => {
    const create = document.components.schemas.CreateKeyRequest as {
      properties: Record<string, { maxLength?: number; enum?: string[]; default?: unknown }>;
      required: string[];
      additionalProperties: boolean;
    };
    // Every field of a key, and the template it may start from; with a template only the name is required (the
    // others are required without one: lib/api/key-request.ts checks the merge).
    expect(Object.keys(create.properties).sort()).toEqual([...Object.keys(apiCreateKeyFields), "template"].sort());
    expect(create.required.sort()).toEqual(["name"]);
    expect(create.additionalProperties).toBe(false);
    expect(create.properties.name.maxLength).toBe(64);
    expect(create.properties.environment.enum).toEqual(["live", "test"]);
    expect(create.properties.expiry.default).toBeUndefined();

    const update = document.components.schemas.UpdateKeyRequest as { required?: string[]; additionalProperties: boolean };
    expect(update.required).toBeUndefined();
    expect(update.additionalProperties).toBe(false);
    expect(document.components.schemas.RollKeyRequest).toMatchObject({
      properties: { grace: { enum: ["now", "1h", "24h", "7d"], default: "now" } },
    });
    expect(document.components.schemas.VerifyKeyRequest).toMatchObject({
      properties: { key: { type: "string", maxLength: 200 } },
      required: ["key"],
    });
    for (const schema of Object.values(document.components.schemas)) {
      expect(schema).not.toHaveProperty("$schema");
      expect(schema).not.toHaveProperty("$id");
    }
  });

  it("gives examples that the request schemas accept", () => {
    for (const operation of Object.values(API_OPERATIONS) as ApiOperation[]) {
      if (!operation.body) continue;
      expect(operation.body.schema.safeParse(operation.body.example).success, operation.path).toBe(true);
    }
  });

  it("describes the error envelope and the refusals of each operation", () => {
    expect(document.components.schemas.Error).toMatchObject({
      properties: { error: { properties: { code: { enum: expect.arrayContaining(["validation_failed", "rate_limited"]) } } } },
    });
    const codesOf = (path: string, method: string) =>
      Object.fromEntries(
        Object.entries(document.paths[path]![method as "get"]!.responses).map(([status, r]) => [
          status,
          r["x-error-codes"] ?? [],
        ]),
      );
    const create = codesOf("/keys", "post");
    expect(create["400"]).toEqual(expect.arrayContaining(["conflicting_keys", "bad_request", "validation_failed"]));
    expect(create["401"]).toEqual(["missing_key", "invalid_key"]);
    expect(create["403"]).toEqual(expect.arrayContaining(["insufficient_scope", "ip_not_allowed"]));
    expect(create["413"]).toEqual(["payload_too_large"]);
    expect(create["415"]).toEqual(["unsupported_media_type"]);
    expect(create["429"]).toEqual(expect.arrayContaining(["rate_limited"]));
    expect(create["503"]).toEqual(["service_unavailable"]);
    expect(Object.keys(create)).toContain("201");
    expect(codesOf("/keys/{id}", "patch")["404"]).toEqual(["not_found"]);
    expect(codesOf("/keys/{id}", "patch")["409"]).toEqual(["conflict"]);
    expect(codesOf("/scopes", "get")["403"]).toEqual(["ip_not_allowed"]);
    // A secret being retired may not make or change keys or webhooks, and may still read and verify.
    expect(create["403"]).toContain("retiring_secret");
    expect(codesOf("/webhooks", "post")["403"]).toContain("retiring_secret");
    expect(codesOf("/keys", "get")["403"]).not.toContain("retiring_secret");
    expect(codesOf("/verify", "post")["403"]).not.toContain("retiring_secret");

    const limited = document.paths["/keys"]!.get!.responses["429"];
    expect(limited.headers).toHaveProperty("Retry-After");
    expect(document.paths["/keys"]!.get!.responses["503"].headers).toHaveProperty("Retry-After");
  });

  it("has every $ref pointing at something in the document", () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of new Set(refs)) {
      const [, , section, name] = JSON.parse(`{${ref}}`).$ref.split("/");
      expect(document.components[section as "schemas"], ref).toHaveProperty([name]);
    }
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("serves the document without a key", async () => {
    const response = await openApiRoute();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual(document);
  });
});
