import { describe, expect, it } from "vitest";
import type { TemplateSettings } from "@/lib/validations/key-template";
import { fitTemplate, type TemplateBounds } from "./template-fit";

const template: TemplateSettings = {
  name: "Billing",
  description: "",
  scopes: ["customers:read", "payments:read", "payments:write"],
  environment: "live",
  expiresInDays: 30,
  rateLimit: 600,
  rateLimitWindow: "minute",
  quota: null,
  ipAllowlist: [],
  metadata: {},
};

const basic: TemplateBounds = {
  planName: "basic",
  maxRequestsPerMinute: 600,
  maxUsageQuotaPerMonth: null,
  scopeOptions: [
    { name: "customers:read", description: "", deprecated: false },
    { name: "payments:read", description: "", deprecated: false },
    { name: "payments:write", description: "", deprecated: false, unavailable: "Not on the basic plan" },
  ],
};

describe("fitTemplate", () => {
  it("keeps a template that fits as it is, with nothing to say", () => {
    const fitted = fitTemplate({ ...template, scopes: ["payments:read"] }, basic);
    expect(fitted).toEqual({ settings: { ...template, scopes: ["payments:read"] }, adjustments: [], refused: null });
  });

  it("leaves out scopes the plan does not include, and says which and why", () => {
    const fitted = fitTemplate(template, basic);
    expect(fitted.settings.scopes).toEqual(["customers:read", "payments:read"]);
    expect(fitted.adjustments).toEqual(["Left out payments:write (not on the basic plan)."]);
    expect(fitted.refused).toBeNull();
  });

  it("leaves out scopes the member's role does not offer (absent from the options)", () => {
    const fitted = fitTemplate({ ...template, scopes: ["payments:read", "webhooks:manage"] }, basic);
    expect(fitted.settings.scopes).toEqual(["payments:read"]);
    expect(fitted.adjustments).toEqual(["Left out webhooks:manage (not yours to grant)."]);
  });

  it("refuses a template none of whose scopes remain", () => {
    const fitted = fitTemplate({ ...template, scopes: ["payments:write"] }, basic);
    expect(fitted.refused).toBe("None of its scopes can be granted here (not on the basic plan).");
  });

  it("lowers a rate limit above the plan's to the plan's, in the template's own window", () => {
    expect(fitTemplate({ ...template, scopes: ["payments:read"], rateLimit: 5_000 }, basic)).toMatchObject({
      settings: { rateLimit: 600, rateLimitWindow: "minute" },
      adjustments: ["Rate limit lowered to 600 per minute (the basic plan's limit)."],
    });
    expect(
      fitTemplate({ ...template, scopes: ["payments:read"], rateLimit: 100_000, rateLimitWindow: "hour" }, basic),
    ).toMatchObject({ settings: { rateLimit: 36_000, rateLimitWindow: "hour" } });
    // 36,000 an hour is 600 a minute: within the plan, untouched.
    expect(
      fitTemplate({ ...template, scopes: ["payments:read"], rateLimit: 36_000, rateLimitWindow: "hour" }, basic).adjustments,
    ).toEqual([]);
  });

  it("lowers a usage quota above the plan's monthly maximum, a daily one to a 31st of it", () => {
    const bounded = { ...basic, maxUsageQuotaPerMonth: 31_000 };
    const scopes = ["payments:read"];
    expect(fitTemplate({ ...template, scopes, quota: { limit: 5_000, period: "day" } }, bounded)).toMatchObject({
      settings: { quota: { limit: 1_000, period: "day" } },
      adjustments: ["Usage quota lowered to 1,000 per day (the basic plan's maximum)."],
    });
    expect(fitTemplate({ ...template, scopes, quota: { limit: 50_000, period: "total" } }, bounded).settings.quota).toEqual({
      limit: 31_000,
      period: "total",
    });
    expect(fitTemplate({ ...template, scopes, quota: { limit: 1_000, period: "day" } }, bounded).adjustments).toEqual([]);
  });

  it("bounds nothing for an account no plan bounds", () => {
    const unbounded = {
      ...basic,
      maxRequestsPerMinute: null,
      scopeOptions: basic.scopeOptions.map(({ unavailable: _, ...o }) => o),
    };
    expect(fitTemplate({ ...template, rateLimit: 10_000 }, unbounded).adjustments).toEqual([]);
  });
});
