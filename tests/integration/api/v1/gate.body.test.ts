import { describe, expect, it } from "vitest";
import { GET as listKeys, POST as createKeyRoute } from "@/app/api/v1/keys/route";
import { MAX_JSON_BODY_BYTES } from "@/lib/http/json-body";
import { callRoute } from "../../../support/api";
import { createUser, apiKeyFor } from "../../../support/factories";

const validBody = { name: "Body test", scopes: ["payments:read"], environment: "live", rateLimit: 60, rateLimitWindow: "minute" };

async function writerKey() {
  const owner = await createUser();
  return (await apiKeyFor(owner, ["keys:read", "keys:write", "payments:read"])).secret;
}

async function keyCount(secret: string) {
  return (await callRoute(listKeys, { path: "/keys", key: secret })).body.data.length;
}

function post(secret: string, body: unknown, headers: Record<string, string> = {}) {
  return callRoute(createKeyRoute, { method: "POST", path: "/keys", key: secret, body, headers });
}

describe("request bodies", () => {
  it("415 unless the body is sent as application/json", async () => {
    const secret = await writerKey();
    const json = JSON.stringify(validBody);
    for (const contentType of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/json; charset=latin1",
      "application/jsonx",
    ]) {
      const { status, body, headers } = await post(secret, json, { "content-type": contentType });
      expect({ contentType, status, code: body.error.code }).toEqual({
        contentType,
        status: 415,
        code: "unsupported_media_type",
      });
      expect(headers.get("cache-control")).toBe("no-store");
    }
    expect((await post(secret, json)).status).toBe(415);
    expect(await keyCount(secret)).toBe(1);

    const withCharset = await post(secret, json, { "content-type": "Application/JSON; charset=UTF-8" });
    expect(withCharset.status).toBe(201);
  });

  it("413 for a body over the cap, declared by Content-Length or only found by reading", async () => {
    const secret = await writerKey();
    const huge = JSON.stringify({ ...validBody, description: "x".repeat(MAX_JSON_BODY_BYTES) });

    const declared = await post(secret, "{}", {
      "content-type": "application/json",
      "content-length": String(MAX_JSON_BODY_BYTES + 1),
    });
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe("payload_too_large");

    const undeclared = await post(secret, huge, { "content-type": "application/json" });
    expect(undeclared.status).toBe(413);

    // A stream that never ends: reading stops at the cap instead of buffering it all.
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new TextEncoder().encode(" ".repeat(1024)));
      },
    });
    const streamed = await post(secret, endless, { "content-type": "application/json" });
    expect(streamed.status).toBe(413);
    expect(pulls).toBeLessThan(40);
    expect(await keyCount(secret)).toBe(1);
  });

  it("400 bad_request for a body that is not JSON", async () => {
    const secret = await writerKey();
    for (const text of ["{", "", "name=x", '{"name": "x",}']) {
      const { status, body } = await post(secret, text, { "content-type": "application/json" });
      expect({ text, status, body }).toEqual({
        text,
        status: 400,
        body: { error: { code: "bad_request", message: "The request body is not valid JSON." } },
      });
    }
  });

  it("400 validation_failed for an unknown field, without creating anything", async () => {
    const secret = await writerKey();
    const { status, body } = await post(secret, { ...validBody, accountId: "00000000-0000-4000-8000-000000000000", admin: true });
    expect(status).toBe(400);
    expect(body.error).toEqual({
      code: "validation_failed",
      message: "The request is not valid; see details.",
      details: [
        { path: "accountId", message: "Unknown field." },
        { path: "admin", message: "Unknown field." },
      ],
    });
    expect(await keyCount(secret)).toBe(1);
  });

  it("400 validation_failed with a detail for each refused field", async () => {
    const secret = await writerKey();
    const { status, body } = await post(secret, {
      name: "",
      scopes: [],
      environment: "staging",
      rateLimit: "600",
      rateLimitWindow: "minute",
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details).toEqual([
      { path: "name", message: "Name is required." },
      { path: "scopes", message: "Choose at least one scope." },
      { path: "environment", message: "Choose live or test." },
      { path: "rateLimit", message: "Rate limit must be a whole number." },
    ]);
  });

  it("a JSON value that is not an object is refused as invalid", async () => {
    const secret = await writerKey();
    for (const value of ["[]", "null", '"text"', "42"]) {
      const { status, body } = await post(secret, value, { "content-type": "application/json" });
      expect({ value, status, code: body.error.code }).toEqual({ value, status: 400, code: "validation_failed" });
    }
  });
});
