import { describe, expect, it } from "vitest";
import { ROUTE_SCOPES } from "@/lib/api/route-scopes";
import { keyFlags, type KeyTraffic } from "./key-flags";

const now = new Date("2026-06-15T12:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const key = (over: Partial<Parameters<typeof keyFlags>[0]> = {}) => ({
  revokedAt: null,
  expiresAt: null,
  lastUsedAt: new Date(now.getTime() - DAY),
  createdAt: new Date(now.getTime() - 100 * DAY),
  scopes: ["keys:read", "payments:read"],
  ...over,
});
const traffic = (calledRoutes: string[], over: Partial<KeyTraffic> = {}): KeyTraffic => ({
  calledRoutes,
  acceptedCalls: calledRoutes.length === 0 ? 0 : 500,
  usedScopes: [],
  ...over,
});
const flags = (k: ReturnType<typeof key>, t: KeyTraffic) => keyFlags(k, t, ROUTE_SCOPES, { now });

describe("keyFlags", () => {
  it("maps routes to the scopes their operations need", () => {
    expect(ROUTE_SCOPES.get("GET /api/v1/keys/:id")).toEqual(["keys:read"]);
    expect(ROUTE_SCOPES.get("GET /api/v1/keys/:id/usage")).toEqual(["usage:read"]);
    expect(ROUTE_SCOPES.get("GET /api/v1/me")).toEqual([]);
  });

  it("flags expiry within 7 days and keys unused for 30 days", () => {
    expect(flags(key({ expiresAt: new Date(now.getTime() + 6 * DAY) }), traffic([])).expiringSoon).toBe(true);
    expect(flags(key({ expiresAt: new Date(now.getTime() + 8 * DAY) }), traffic([])).expiringSoon).toBe(false);
    expect(flags(key({ lastUsedAt: new Date(now.getTime() - 31 * DAY) }), traffic([])).unused).toBe(true);
    expect(flags(key({ lastUsedAt: null }), traffic([])).unused).toBe(true);
    expect(flags(key({ lastUsedAt: null, createdAt: new Date(now.getTime() - 3 * DAY) }), traffic([])).unused).toBe(false);
    expect(flags(key({ revokedAt: now, lastUsedAt: null }), traffic([]))).toEqual({
      expiringSoon: false,
      unused: false,
      broadScopes: null,
    });
  });

  it("flags scopes no call needed, with the used ones to narrow to", () => {
    expect(flags(key(), traffic(["GET /api/v1/keys", "GET /api/v1/me"])).broadScopes).toEqual({
      unneeded: ["payments:read"],
      used: ["keys:read"],
    });
    expect(flags(key(), traffic(["GET /api/v1/me"])).broadScopes).toEqual({ unneeded: ["keys:read", "payments:read"], used: [] });
    expect(flags(key(), traffic([])).broadScopes).toBeNull();
    expect(flags(key({ scopes: ["keys:read"] }), traffic(["GET /api/v1/keys/:id"])).broadScopes).toBeNull();
    // The platform's own calls count by the scopes they were verified for, whatever their route.
    expect(
      flags(key(), traffic(["GET /v1/payments/:id", "GET /api/v1/keys"], { usedScopes: ["payments:read"] })).broadScopes,
    ).toBeNull();
  });

  it("waits until a key is old and busy enough to judge its scopes", () => {
    const routes = ["GET /api/v1/keys"];
    const judged = (createdDaysAgo: number, acceptedCalls: number, judgement = { minAgeDays: 7, minCalls: 100 }) =>
      keyFlags(
        key({ createdAt: new Date(now.getTime() - createdDaysAgo * DAY) }),
        traffic(routes, { acceptedCalls }),
        ROUTE_SCOPES,
        {
          now,
          judgement,
        },
      ).broadScopes !== null;
    expect(judged(7, 100)).toBe(true);
    expect(judged(6.9, 10_000)).toBe(false);
    expect(judged(30, 99)).toBe(false);
    // Set to judge at once (the browser tests do): still never without a single call.
    expect(judged(0, 1, { minAgeDays: 0, minCalls: 1 })).toBe(true);
    expect(judged(0, 0, { minAgeDays: 0, minCalls: 0 })).toBe(false);
  });
});
