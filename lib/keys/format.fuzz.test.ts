import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { generateKey, parseKey } from "./format";
import { readKeyFromHeaders } from "@/lib/api/gate/read-key";

describe("key parser under arbitrary input", () => {
  it("never throws, and accepts only well-formed keys of this deployment", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (candidate) => {
        const parsed = parseKey(candidate, "lk");
        if (parsed) expect(candidate).toMatch(/^lk_(live|test)_[0-9A-Za-z]{38}$/);
      }),
      { numRuns: 5_000 },
    );
  });

  it("rejects every single-character change to a real key", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("live" as const, "test" as const),
        fc.nat(),
        fc.constantFrom(..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"),
        (environment, position, replacement) => {
          const { secret } = generateKey("lk", environment);
          const index = position % secret.length;
          fc.pre(secret[index] !== replacement);
          const changed = secret.slice(0, index) + replacement + secret.slice(index + 1);
          expect(parseKey(changed, "lk")).toBeNull();
        },
      ),
      { numRuns: 3_000 },
    );
  });
});

describe("reading the key from headers under arbitrary input", () => {
  const headerValue = fc.oneof(fc.string({ maxLength: 300 }), fc.constant(undefined));
  it("never throws and never returns a key it was not sent", () => {
    fc.assert(
      fc.property(headerValue, headerValue, (authorization, apiKey) => {
        const headers = new Headers();
        // Headers refuses some characters itself, as a real request would.
        try {
          if (authorization !== undefined) headers.set("authorization", authorization);
          if (apiKey !== undefined) headers.set("x-api-key", apiKey);
        } catch {
          return;
        }
        const result = readKeyFromHeaders(headers);
        if (result.kind === "key") {
          expect(`${headers.get("authorization") ?? ""} ${headers.get("x-api-key") ?? ""}`).toContain(result.key);
          expect(result.key.length).toBeLessThanOrEqual(80);
        }
      }),
      { numRuns: 5_000 },
    );
  });
});
