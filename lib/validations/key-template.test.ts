import { describe, expect, it } from "vitest";
import { templateExpiryDays, templateFormSchema, templatePatchSchema, templateSettingsSchema } from "./key-template";

const now = new Date("2026-12-03T12:00:00Z");

describe("templateExpiryDays: a form's expiry as a duration", () => {
  it("reads never, a choice of days, a number of days, and a date as the days until it", () => {
    expect(templateExpiryDays({ expiry: "never" }, now)).toBeNull();
    expect(templateExpiryDays({ expiry: "90" }, now)).toBe(90);
    expect(templateExpiryDays({ expiry: "days", expiresInDays: "45" }, now)).toBe(45);
    expect(templateExpiryDays({ expiry: "date", expiresOn: "2026-12-13" }, now)).toBe(10);
  });

  it("names the field of a bad one", () => {
    expect(templateExpiryDays({ expiry: "days", expiresInDays: "0" }, now)).toMatchObject({ field: "expiresInDays" });
    expect(templateExpiryDays({ expiry: "days", expiresInDays: "1826" }, now)).toMatchObject({ field: "expiresInDays" });
    expect(templateExpiryDays({ expiry: "days" }, now)).toMatchObject({ field: "expiresInDays" });
    expect(templateExpiryDays({ expiry: "date", expiresOn: "2020-01-01" }, now)).toMatchObject({ field: "expiresOn" });
  });
});

describe("the template schemas", () => {
  it("take the generate form's fields as a template: the name its own, an empty quota the plan's default", () => {
    const parsed = templateFormSchema.parse({
      templateName: " CI ",
      scopes: ["payments:read", "payments:read"],
      environment: "test",
      expiry: "never",
      rateLimit: "30",
      rateLimitWindow: "minute",
      quotaLimit: "",
      quotaPeriod: "month",
      ipAllowlist: "10.0.0.1, 10.1.0.0/16",
      metadata: "",
    });
    expect(parsed.settings).toEqual({
      name: "CI",
      description: "",
      scopes: ["payments:read"],
      environment: "test",
      expiresInDays: null,
      rateLimit: 30,
      rateLimitWindow: "minute",
      quota: null,
      ipAllowlist: ["10.0.0.1/32", "10.1.0.0/16"],
      metadata: {},
    });
  });

  it("hold the rate limit to its window's bounds, names to 64 characters, and refuse unknown fields", () => {
    const base = { name: "A", scopes: ["payments:read"], rateLimit: 10_001, rateLimitWindow: "minute" };
    expect(templateSettingsSchema.safeParse(base).success).toBe(false);
    expect(templateSettingsSchema.safeParse({ ...base, rateLimitWindow: "hour" }).success).toBe(true);
    expect(templateSettingsSchema.safeParse({ ...base, rateLimit: 1, name: "x".repeat(65) }).success).toBe(false);
    expect(templateSettingsSchema.safeParse({ ...base, rateLimit: 1, keyName: "no" }).success).toBe(false);
    expect(templatePatchSchema.safeParse({ expiresInDays: 0 }).success).toBe(false);
    expect(templatePatchSchema.parse({ expiresInDays: null })).toEqual({ expiresInDays: null });
  });
});
