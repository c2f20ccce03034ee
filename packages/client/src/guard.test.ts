import { describe, expect, it } from "vitest";
import { readPresentedKey, verificationRefusal, verifiedMethod, verifiedPath } from "./guard";
import { addressBehindProxies, normaliseIp } from "./ip";
import { refusedResult, VALID_KEY } from "./test-support/fake-latchkey";

describe("readPresentedKey", () => {
  it("reads Authorization: Bearer or X-API-Key, never guessing between two keys", () => {
    expect(readPresentedKey(`Bearer ${VALID_KEY}`, null)).toEqual({ kind: "key", key: VALID_KEY });
    expect(readPresentedKey(`bearer   ${VALID_KEY} `, undefined)).toEqual({ kind: "key", key: VALID_KEY });
    expect(readPresentedKey(null, ` ${VALID_KEY} `)).toEqual({ kind: "key", key: VALID_KEY });
    expect(readPresentedKey(`Bearer ${VALID_KEY}`, VALID_KEY)).toEqual({ kind: "key", key: VALID_KEY });
    expect(readPresentedKey(null, null)).toEqual({ kind: "missing" });
    expect(readPresentedKey(undefined, "  ")).toEqual({ kind: "missing" });
    expect(readPresentedKey(`Bearer ${VALID_KEY}`, "other")).toEqual({ kind: "conflict" });
    expect(readPresentedKey(null, `${VALID_KEY}, ${VALID_KEY}`)).toEqual({ kind: "conflict" });
    expect(readPresentedKey(`Basic dXNlcjpwYXNz`, null)).toEqual({ kind: "malformed" });
    expect(readPresentedKey(`Bearer ${"x".repeat(200)}`, null)).toEqual({ kind: "malformed" });
  });
});

describe("verificationRefusal", () => {
  it("answers each code as Latchkey's own API would, in its envelope", () => {
    const cases = [
      ["malformed", 401, "invalid_key"],
      ["unknown", 401, "invalid_key"],
      ["revoked", 401, "invalid_key"],
      ["expired", 401, "invalid_key"],
      ["owner_suspended", 401, "invalid_key"],
      ["no_plan", 401, "invalid_key"],
      ["ip_not_allowed", 403, "ip_not_allowed"],
      ["insufficient_scope", 403, "insufficient_scope"],
      ["rate_limited", 429, "rate_limited"],
      ["quota_exceeded", 429, "quota_exceeded"],
    ] as const;
    for (const [code, status, envelopeCode] of cases) {
      const refusal = verificationRefusal(refusedResult(code));
      expect({ code, status: refusal.status, envelope: refusal.body.error.code }).toEqual({
        code,
        status,
        envelope: envelopeCode,
      });
      expect(refusal.headers["Cache-Control"]).toBe("no-store");
    }
  });

  it("names the missing scope", () => {
    const refusal = verificationRefusal(refusedResult("insufficient_scope", { scopes: ["payments:read"] }), [
      "payments:read",
      "payments:write",
    ]);
    expect(refusal.body.error.message).toBe('This key lacks the "payments:write" scope.');
  });

  it("says when to retry a rate-limited key, with the RateLimit fields", () => {
    const refusal = verificationRefusal(refusedResult("rate_limited", { rateLimit: { limit: 10, remaining: 0, reset: 37 } }));
    expect(refusal.headers).toMatchObject({ "Retry-After": "37", RateLimit: '"key";r=0;t=37', "RateLimit-Policy": '"key";q=10' });
  });
});

describe("a key over its usage quota", () => {
  it("says when a day's or month's quota refills, and gives no Retry-After for a total, which never does", () => {
    const quota = { limit: 10, period: "day" as const, used: 10, remaining: 0, reset: 3600 };
    expect(verificationRefusal(refusedResult("quota_exceeded", { quota })).headers["Retry-After"]).toBe("3600");
    const total = verificationRefusal(refusedResult("quota_exceeded", { quota: { ...quota, period: "total", reset: null } }));
    expect(total.status).toBe(429);
    expect(total.headers["Retry-After"]).toBeUndefined();
  });
});

describe("the verified call", () => {
  it("sends only the methods Latchkey records, and the path without its query", () => {
    expect(verifiedMethod("get")).toBe("GET");
    expect(verifiedMethod("PROPFIND")).toBeUndefined();
    expect(verifiedPath("/payments/42?expand=all#x")).toBe("/payments/42");
    expect(verifiedPath("")).toBe("/");
    expect(verifiedPath(`/${"a".repeat(600)}`)).toHaveLength(512);
  });
});

describe("the caller's address", () => {
  it("is normalised to what Latchkey accepts, or left out", () => {
    expect(normaliseIp("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(normaliseIp(" 2001:DB8::1 ")).toBe("2001:db8::1");
    expect(normaliseIp("203.0.113.7")).toBe("203.0.113.7");
    for (const junk of ["", "256.1.1.1", "localhost", "fe80::1%eth0", "1.2.3.4, 5.6.7.8", ":::", undefined, null]) {
      expect(normaliseIp(junk), String(junk)).toBeUndefined();
    }
  });

  it("ignores X-Forwarded-For unless proxies are trusted, then counts them from the right", () => {
    const forwarded = "198.51.100.66, 203.0.113.7";
    expect(addressBehindProxies("10.0.0.2", forwarded, 0)).toBe("10.0.0.2");
    expect(addressBehindProxies("10.0.0.2", forwarded, 1)).toBe("203.0.113.7");
    expect(addressBehindProxies("10.0.0.2", forwarded, 2)).toBe("198.51.100.66");
    expect(addressBehindProxies("10.0.0.2", forwarded, 5)).toBe("198.51.100.66");
    expect(addressBehindProxies(null, "203.0.113.7", 1)).toBe("203.0.113.7");
    expect(addressBehindProxies(null, null, 0)).toBeUndefined();
  });
});
