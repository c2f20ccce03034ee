import { describe, expect, it } from "vitest";
import type { KeyWithScopes } from "@/db/queries/keys";
import { apiKeySchema } from "./response-schemas";
import { serializeKey } from "./serialize-key";

const row = {
  id: "5b0a6a4e-2f7e-4c4b-9a43-3c1a4e0f9d21",
  accountId: "0f6a2a56-9b1b-4d8e-8d2c-2a0d4c1b7e55",
  name: "Order service",
  description: "",
  environment: "live",
  start: "lk_live_3vQy",
  rateLimit: 600,
  rateLimitWindow: "minute",
  usageQuota: 10_000,
  usageQuotaPeriod: "month",
  ipAllowlist: ["203.0.113.0/24"],
  expiresAt: new Date("2030-01-01T00:00:00Z"),
  revokedAt: null,
  hiddenAt: null,
  lastUsedAt: null,
  requestCount: 12,
  disabledAt: null,
  metadata: { customer: "cus_123" },
  createdAt: new Date("2026-01-01T00:00:00Z"),
  updatedAt: new Date("2026-01-02T00:00:00Z"),
  scopes: ["keys:read"],
  // Whatever else a row might carry one day must not reach a response.
  hash: "a".repeat(64),
} as unknown as KeyWithScopes;

describe("serializeKey", () => {
  it("picks the public fields only, with ISO dates and the key's status", () => {
    const body = serializeKey(row, new Date("2029-12-30T00:00:00Z"));
    expect(body).toEqual({
      id: row.id,
      name: "Order service",
      description: "",
      environment: "live",
      start: "lk_live_3vQy",
      scopes: ["keys:read"],
      status: "expiring",
      rateLimit: { limit: 600, window: "minute" },
      quota: { limit: 10_000, period: "month" },
      ipAllowlist: ["203.0.113.0/24"],
      expiresAt: "2030-01-01T00:00:00.000Z",
      createdAt: "2026-01-01T00:00:00.000Z",
      lastUsedAt: null,
      requestCount: 12,
      metadata: { customer: "cus_123" },
      disabledAt: null,
      revokedAt: null,
    });
    expect(apiKeySchema.parse(body)).toEqual(body);
    expect(JSON.stringify(body)).not.toContain("aaaa");
    expect(body).not.toHaveProperty("accountId");
  });
});

it("shows a key without a usage quota with quota null", () => {
  const body = serializeKey({ ...row, usageQuota: null, usageQuotaPeriod: null });
  expect(body.quota).toBeNull();
});
