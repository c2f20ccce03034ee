import { describe, expect, it } from "vitest";
import { ROUTE_SCOPES } from "@/lib/api/route-scopes";
import { keyFlags } from "./key-flags";

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

describe("keyFlags", () => {
  it("maps routes to the scopes their operations need", () => {
    expect(ROUTE_SCOPES.get("GET /api/v1/keys/:id")).toEqual(["keys:read"]);
    expect(ROUTE_SCOPES.get("GET /api/v1/keys/:id/usage")).toEqual(["usage:read"]);
    expect(ROUTE_SCOPES.get("GET /api/v1/me")).toEqual([]);
  });

  it("flags expiry within 7 days and keys unused for 30 days", () => {
    expect(keyFlags(key({ expiresAt: new Date(now.getTime() + 6 * DAY) }), [], ROUTE_SCOPES, now).expiringSoon).toBe(true);
    expect(keyFlags(key({ expiresAt: new Date(now.getTime() + 8 * DAY) }), [], ROUTE_SCOPES, now).expiringSoon).toBe(false);
    expect(keyFlags(key({ lastUsedAt: new Date(now.getTime() - 31 * DAY) }), [], ROUTE_SCOPES, now).unused).toBe(true);
    expect(keyFlags(key({ lastUsedAt: null }), [], ROUTE_SCOPES, now).unused).toBe(true);
    expect(keyFlags(key({ lastUsedAt: null, createdAt: new Date(now.getTime() - 3 * DAY) }), [], ROUTE_SCOPES, now).unused).toBe(
      false,
    );
    expect(keyFlags(key({ revokedAt: now, lastUsedAt: null }), [], ROUTE_SCOPES, now)).toEqual({
      expiringSoon: false,
      unused: false,
      broadScopes: null,
    });
  });

  it("flags scopes no call needed, with the used ones to narrow to", () => {
    expect(keyFlags(key(), ["GET /api/v1/keys", "GET /api/v1/me"], ROUTE_SCOPES, now).broadScopes).toEqual({
      unneeded: ["payments:read"],
      used: ["keys:read"],
    });
    expect(keyFlags(key(), ["GET /api/v1/me"], ROUTE_SCOPES, now).broadScopes).toEqual({
      unneeded: ["keys:read", "payments:read"],
      used: [],
    });
    expect(keyFlags(key(), [], ROUTE_SCOPES, now).broadScopes).toBeNull();
    expect(keyFlags(key({ scopes: ["keys:read"] }), ["GET /api/v1/keys/:id"], ROUTE_SCOPES, now).broadScopes).toBeNull();
  });
});
