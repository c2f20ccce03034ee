import { describe, expect, it } from "vitest";
import { z } from "zod";
import { HttpProblem } from "@/lib/http/envelope";
import { isJsonMediaType, parseJsonBody } from "@/lib/http/json-body";

const schema = z.object({ name: z.string().min(1, "Name is required."), count: z.number().int().default(1) }).strict();

function request(body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) {
  return new Request("http://localhost/api/v1/x", { method: "POST", body, headers });
}

async function problemOf(promise: Promise<unknown>): Promise<HttpProblem> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpProblem);
  return error as HttpProblem;
}

describe("parseJsonBody", () => {
  it("parses and validates a JSON body", async () => {
    expect(await parseJsonBody(request('{"name":"x"}'), schema)).toEqual({ name: "x", count: 1 });
  });

  it("decodes UTF-8, and refuses bytes that are not", async () => {
    expect(await parseJsonBody(request(JSON.stringify({ name: "Zoë ✓" })), schema)).toMatchObject({ name: "Zoë ✓" });
    const latin1 = new Uint8Array([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xeb, 0x22, 0x7d]);
    expect((await problemOf(parseJsonBody(request(latin1), schema))).code).toBe("bad_request");
  });

  it("reads a body of exactly the cap, and refuses one byte more", async () => {
    const exact = JSON.stringify({ name: "n".repeat(100 - 11) });
    expect(exact).toHaveLength(100);
    expect(await parseJsonBody(request(exact), schema, { maxBytes: 100 })).toMatchObject({ count: 1 });
    const over = JSON.stringify({ name: "n".repeat(101 - 11) });
    expect((await problemOf(parseJsonBody(request(over), schema, { maxBytes: 100 }))).code).toBe("payload_too_large");
  });

  it("counts bytes, not characters", async () => {
    const multibyte = JSON.stringify({ name: "é".repeat(60) });
    expect(multibyte.length).toBeLessThan(100);
    expect((await problemOf(parseJsonBody(request(multibyte), schema, { maxBytes: 100 }))).code).toBe("payload_too_large");
  });

  it("with allowEmpty, reads no body and no Content-Type as {}", async () => {
    const defaults = z.object({ grace: z.enum(["now", "1h"]).default("now") }).strict();
    expect(await parseJsonBody(request(null, {}), defaults, { allowEmpty: true })).toEqual({ grace: "now" });
    expect((await problemOf(parseJsonBody(request(null, {}), defaults))).code).toBe("unsupported_media_type");
    const withoutType = new Request("http://localhost/x", { method: "POST", body: new Uint8Array([0x7b, 0x7d]) });
    expect((await problemOf(parseJsonBody(withoutType, defaults, { allowEmpty: true }))).code).toBe("unsupported_media_type");
  });

  it("describes each refused field", async () => {
    const problem = await problemOf(parseJsonBody(request('{"name":"","count":1.5,"extra":true}'), schema));
    expect(problem.code).toBe("validation_failed");
    expect(problem.details).toEqual([
      { path: "name", message: "Name is required." },
      { path: "count", message: expect.any(String) },
      { path: "extra", message: "Unknown field." },
    ]);
  });
});

describe("isJsonMediaType", () => {
  it.each([
    ["application/json", true],
    ["application/json;charset=utf-8", true],
    ['application/json; charset="UTF-8"', true],
    ["APPLICATION/JSON; Charset=utf8", true],
    ["application/json; charset=iso-8859-1", false],
    ["application/jsonp", false],
    ["text/json", false],
    ["application/problem+json", false],
    ["", false],
  ])("%s → %s", (value, expected) => {
    expect(isJsonMediaType(value)).toBe(expected);
  });
});
