import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { FAILED_AUTH_LIMIT, THROTTLED_LOOKUPS_PER_MINUTE } from "@/lib/api/gate/auth-throttle";
import { generateKey } from "@/lib/keys/format";
import { callRoute } from "../../../support/api";
import { ownerWithKey } from "../../../support/factories";

describe("per-key rate limit", () => {
  it("answers 429 with Retry-After past the key's limit, and RateLimit fields on every response", async () => {
    const { secret } = await ownerWithKey({ rateLimit: 3, rateLimitWindow: "minute" });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await callRoute(me, { path: "/me", key: secret }));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(results[0].headers.get("ratelimit-policy")).toBe('"key";q=3;w=60');
    expect(results[0].headers.get("ratelimit")).toMatch(/^"key";r=2;t=\d+$/);
    expect(results[2].headers.get("ratelimit")).toMatch(/^"key";r=0;t=\d+$/);
    expect(results[0].body.rateLimit).toMatchObject({ limit: 3, window: "minute", remaining: 2 });
    const refused = results[3];
    expect(refused.body.error.code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(refused.headers.get("ratelimit-policy")).toBe('"key";q=3;w=60');
  });

  it("counts each key on its own", async () => {
    const { secret: a } = await ownerWithKey({ rateLimit: 1, rateLimitWindow: "hour" });
    const { secret: b } = await ownerWithKey({ rateLimit: 1, rateLimitWindow: "hour" });
    expect((await callRoute(me, { path: "/me", key: a })).status).toBe(200);
    expect((await callRoute(me, { path: "/me", key: a })).status).toBe(429);
    expect((await callRoute(me, { path: "/me", key: b })).status).toBe(200);
  });
});

describe("failed-authentication throttle", () => {
  it("turns away an address after repeated failures without touching any key's quota", async () => {
    const { secret } = await ownerWithKey({ rateLimit: 5, rateLimitWindow: "minute" });
    const { secret: working } = await ownerWithKey();
    const guesser = "192.0.2.66";
    // A key this address used before the failures began.
    expect((await callRoute(me, { path: "/me", key: working, ip: guesser })).status).toBe(200);
    for (let i = 0; i < FAILED_AUTH_LIMIT; i++) {
      expect((await callRoute(me, { path: "/me", key: generateKey("lk", "live").secret, ip: guesser })).status).toBe(401);
    }
    const blocked = await callRoute(me, { path: "/me", key: generateKey("lk", "live").secret, ip: guesser });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("auth_throttled");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // While blocked, a key already verified keeps working, so a stale key beside working ones does not cut a customer
    // off; a valid key not seen before still gets through on one of the few lookups a blocked address is allowed…
    expect((await callRoute(me, { path: "/me", key: working, ip: guesser })).status).toBe(200);
    expect((await callRoute(me, { path: "/me", key: secret, ip: guesser })).status).toBe(200);
    // …and guesses run out of those lookups quickly, then are turned away without any.
    const answers = [];
    for (let i = 0; i < THROTTLED_LOOKUPS_PER_MINUTE + 2; i++) {
      answers.push((await callRoute(me, { path: "/me", key: generateKey("lk", "live").secret, ip: guesser })).status);
    }
    expect(new Set(answers)).toEqual(new Set([429]));
    // …but works from anywhere else, with its whole quota intact.
    const elsewhere = await callRoute(me, { path: "/me", key: secret, ip: "192.0.2.67" });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.rateLimit.remaining).toBe(3);
  });
});
