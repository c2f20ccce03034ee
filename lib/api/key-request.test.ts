import { describe, expect, it } from "vitest";
import type { TemplateSettings } from "@/lib/validations/key-template";
import { apiCreateKeyRequestSchema } from "@/lib/validations/api-key";
import { HttpProblem } from "@/lib/http/envelope";
import { keyRequestFrom } from "./key-request";

const now = new Date("2026-12-03T12:00:00Z");
const template: TemplateSettings = {
  name: "Billing",
  description: "",
  scopes: ["payments:read", "payments:write"],
  environment: "test",
  expiresInDays: 30,
  rateLimit: 120,
  rateLimitWindow: "minute",
  quota: { limit: 10_000, period: "month" },
  ipAllowlist: ["10.0.0.0/8"],
  metadata: { tier: "gold" },
};
const body = (value: Record<string, unknown>) => apiCreateKeyRequestSchema.parse(value);

describe("keyRequestFrom: a template under POST /keys's body", () => {
  it("takes every setting left out from the template, the expiry as its duration from now", () => {
    expect(keyRequestFrom(body({ name: "Orders" }), template, now)).toEqual({
      name: "Orders",
      description: "",
      scopes: ["payments:read", "payments:write"],
      environment: "test",
      rateLimit: 120,
      rateLimitWindow: "minute",
      allowance: { limit: 10_000, period: "month" },
      ipAllowlist: ["10.0.0.0/8"],
      metadata: { tier: "gold" },
      expiresAt: new Date("2027-01-02T12:00:00Z"),
    });
  });

  it("lets each field sent override the template's", () => {
    const input = keyRequestFrom(
      body({
        name: "Orders",
        scopes: ["payments:read"],
        environment: "live",
        rateLimit: 5,
        expiry: "never",
        quota: null,
        ipAllowlist: [],
        metadata: { tier: "silver" },
      }),
      template,
      now,
    );
    expect(input).toMatchObject({
      scopes: ["payments:read"],
      environment: "live",
      rateLimit: 5,
      rateLimitWindow: "minute",
      expiresAt: null,
      allowance: null,
      ipAllowlist: [],
      metadata: { tier: "silver" },
    });
  });

  it("a template without a quota leaves it to the plan's default (no allowance), never expiring when it says so", () => {
    const input = keyRequestFrom(body({ name: "Orders" }), { ...template, quota: null, expiresInDays: null }, now);
    expect(input).not.toHaveProperty("allowance");
    expect(input.expiresAt).toBeNull();
  });

  it("checks the merge as a whole: a window sent is held to its bounds with the template's limit", () => {
    const big = { ...template, rateLimit: 100_000, rateLimitWindow: "hour" as const };
    expect(() => keyRequestFrom(body({ name: "Orders", rateLimitWindow: "minute" }), big, now)).toThrow(HttpProblem);
  });

  it("without a template, asks for what a key needs, as before templates", () => {
    expect(() => keyRequestFrom(body({ name: "Orders" }), null, now)).toThrow(HttpProblem);
    const input = keyRequestFrom(
      body({ name: "Orders", scopes: ["payments:read"], environment: "live", rateLimit: 60, rateLimitWindow: "minute" }),
      null,
      now,
    );
    expect(input).toMatchObject({ scopes: ["payments:read"], expiresAt: null });
    expect(input).not.toHaveProperty("allowance");
  });
});
