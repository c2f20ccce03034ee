import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApiReference } from "@/components/docs/api-reference";
import { openApiDocument } from "@/lib/api/openapi/document";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiReference, curlExample, referencedObjects } from "@/lib/api/openapi/reference";

const sections = apiReference(openApiDocument(), "https://keys.example.com/api/v1/");
const operations = sections.flatMap((section) => section.operations);
const byId = (id: string) => operations.find((operation) => operation.id === id)!;

describe("apiReference", () => {
  it("shows every operation of the document once, grouped by tag", () => {
    expect(sections.map((s) => s.tag)).toEqual(["Keys", "Verification", "Webhooks", "Account"]);
    expect(operations.map((o) => o.id).sort()).toEqual(Object.keys(API_OPERATIONS).sort());
  });

  it("lists a request body's fields with their rules", () => {
    const create = byId("createKey");
    expect(create).toMatchObject({ method: "post", path: "/keys", scopes: ["keys:write"] });
    expect(create.body?.required).toBe(true);
    expect(create.body?.fields.find((f) => f.name === "name")).toEqual({
      name: "name",
      type: "string",
      required: true,
      description: expect.stringContaining("name"),
      rules: ["1 to 64 characters"],
    });
    expect(create.body?.fields.find((f) => f.name === "scopes")).toMatchObject({
      type: "string[]",
      rules: expect.arrayContaining(["1 to 64 items"]),
    });
    expect(byId("rollKey").body).toMatchObject({
      required: false,
      fields: [{ name: "grace", rules: ["one of: now, 1h, 24h, 7d", 'default: "now"'] }],
    });
  });

  it("lists the responses, with the success's fields and each error status's codes", () => {
    const usage = byId("getKeyUsage");
    expect(usage.parameters.map((p) => p.name)).toEqual(["id (path)", "days (query)"]);
    expect(usage.parameters[1].rules).toEqual(["1 to 90", "default: 30"]);
    const [success, ...errors] = usage.responses;
    expect(success).toMatchObject({ status: "200", schemaName: "KeyUsage" });
    expect(success.fields.map((f) => f.name)).toContain("successRate");
    expect(errors.find((r) => r.status === "404")?.codes).toEqual(["not_found"]);
    expect(errors.every((r) => r.fields.length === 0)).toBe(true);
  });

  it("gives a curl command with the key and ids as shell variables", () => {
    expect(byId("getKey").curl).toBe(
      'curl "https://keys.example.com/api/v1/keys/$KEY_ID" \\\n  -H "Authorization: Bearer $LATCHKEY_API_KEY"',
    );
    const create = byId("createKey").curl;
    expect(create).toContain('curl -X POST "https://keys.example.com/api/v1/keys"');
    expect(create).toContain('-H "Content-Type: application/json"');
    expect(create).toContain(`-d '${JSON.stringify(API_OPERATIONS.createKey.body.example)}'`);
    expect(byId("getOpenApi").curl).toBe('curl "https://keys.example.com/api/v1/openapi.json"');
  });

  it("quotes a body holding a single quote safely for the shell", () => {
    const operation = openApiDocument().paths["/keys/{id}"]!.patch!;
    const withQuote = {
      ...operation,
      requestBody: { required: true, content: { "application/json": { schema: {}, example: { name: "Bob's key" } } } },
    };
    expect(curlExample("http://x", "/keys/{id}", "patch", withQuote)).toContain(`-d '{"name":"Bob'\\''s key"}'`);
  });
});

describe("referencedObjects", () => {
  it("lists the named objects inside answers, with their fields", () => {
    const objects = referencedObjects(openApiDocument());
    expect(objects.map((o) => o.name)).toEqual(["ApiKey", "KeyTemplate", "WebhookDelivery", "WebhookEndpoint"]);
    expect(objects[0].fields.map((f) => f.name)).toContain("requestCount");
  });
});

describe("ApiReference", () => {
  it("renders every operation with its method, path, scope and example", () => {
    const objects = referencedObjects(openApiDocument());
    const html = renderToStaticMarkup(createElement(ApiReference, { sections, objects }));
    for (const operation of operations) {
      expect(html).toContain(`id="${operation.id}"`);
      expect(html).toContain(`/api/v1${operation.path}`);
    }
    expect(html).toContain("keys:verify");
    expect(html).toContain("$LATCHKEY_API_KEY");
    expect(html).toContain("No key needed.");
    expect(html).toContain('id="schema-ApiKey"');
    expect(html).toContain('href="#schema-ApiKey"');
  });
});
