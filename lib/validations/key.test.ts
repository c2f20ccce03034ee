import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { fieldErrorsOf } from "./field-errors";
import { createKeySchema, rollKeySchema, updateKeySchema } from "./key";

const validCreate = {
  name: "Order service",
  description: "",
  scopes: ["payments:read"],
  environment: "live",
  rateLimit: "600",
  rateLimitWindow: "minute",
  expiry: "never",
};
const { environment: _environment, ...editable } = validCreate;
const validUpdate = { ...editable, expiry: "keep" };

/** The errors a form would show, by field. */
function errorsOf(result: { success: boolean; error?: z.ZodError }) {
  expect(result.success).toBe(false);
  return fieldErrorsOf(result.error!);
}

describe("createKeySchema", () => {
  it("parses a form post, coercing the rate limit", () => {
    expect(createKeySchema.parse(validCreate)).toEqual({
      name: "Order service",
      description: "",
      scopes: ["payments:read"],
      environment: "live",
      rateLimit: 600,
      rateLimitWindow: "minute",
      expiresAt: null,
    });
  });

  describe("name", () => {
    it.each([
      ["1 character", "a"],
      ["64 characters", "n".repeat(64)],
    ])("accepts %s", (_label, name) => {
      expect(createKeySchema.parse({ ...validCreate, name }).name).toBe(name);
    });

    it("trims before measuring", () => {
      expect(createKeySchema.parse({ ...validCreate, name: `  ${"n".repeat(64)}  ` }).name).toBe("n".repeat(64));
    });

    it.each([
      ["empty", "", "Name is required."],
      ["only spaces", "   ", "Name is required."],
      ["65 characters", "n".repeat(65), "Name must be at most 64 characters."],
      ["missing", undefined, "Name is required."],
    ])("refuses a name that is %s", (_label, name, message) => {
      expect(errorsOf(createKeySchema.safeParse({ ...validCreate, name })).name).toEqual([message]);
    });
  });

  describe("description", () => {
    it("defaults to empty and accepts 500 characters", () => {
      expect(createKeySchema.parse({ ...validCreate, description: undefined }).description).toBe("");
      expect(createKeySchema.parse({ ...validCreate, description: "d".repeat(500) }).description).toHaveLength(500);
    });

    it("refuses 501 characters", () => {
      const errors = errorsOf(createKeySchema.safeParse({ ...validCreate, description: "d".repeat(501) }));
      expect(errors.description).toEqual(["Description must be at most 500 characters."]);
    });
  });

  describe("scopes", () => {
    it("removes duplicates and sorts", () => {
      const scopes = ["usage:read", "keys:read", "usage:read", "keys:read"];
      expect(createKeySchema.parse({ ...validCreate, scopes }).scopes).toEqual(["keys:read", "usage:read"]);
    });

    it.each([
      ["empty", [], "Choose at least one scope."],
      ["missing", undefined, "Choose at least one scope."],
      ["not a list", "keys:read", "Choose at least one scope."],
      ["over 64 entries", Array.from({ length: 65 }, (_, i) => `r${i}:read`), "Too many scopes."],
    ])("refuses a list that is %s", (_label, scopes, message) => {
      expect(errorsOf(createKeySchema.safeParse({ ...validCreate, scopes })).scopes).toContain(message);
    });

    it.each(["Keys:read", "keys", "keys:read:all", ":read", "keys:", "keys read", "1keys:read", "", `${"k".repeat(33)}:read`])(
      "refuses the malformed scope %j",
      (scope) => {
        const errors = errorsOf(createKeySchema.safeParse({ ...validCreate, scopes: ["keys:read", scope] }));
        expect(errors.scopes).toEqual(["Unknown scope."]);
      },
    );
  });

  describe("rate limit", () => {
    it.each([
      ["minute", 1],
      ["minute", 10_000],
      ["hour", 1],
      ["hour", 10_001],
      ["hour", 600_000],
    ])("accepts per %s: %i", (rateLimitWindow, rateLimit) => {
      expect(createKeySchema.parse({ ...validCreate, rateLimitWindow, rateLimit })).toMatchObject({ rateLimit, rateLimitWindow });
    });

    it.each([
      ["minute", 0, "Rate limit must be between 1 and 10,000 requests per minute."],
      ["minute", -5, "Rate limit must be between 1 and 10,000 requests per minute."],
      ["minute", 10_001, "Rate limit must be between 1 and 10,000 requests per minute."],
      ["hour", 0, "Rate limit must be between 1 and 600,000 requests per hour."],
      ["hour", 600_001, "Rate limit must be between 1 and 600,000 requests per hour."],
      ["minute", 1.5, "Rate limit must be a whole number."],
      ["minute", "sixty", "Rate limit must be a whole number."],
    ])("refuses per %s: %j", (rateLimitWindow, rateLimit, message) => {
      const errors = errorsOf(createKeySchema.safeParse({ ...validCreate, rateLimitWindow, rateLimit }));
      expect(errors.rateLimit).toEqual([message]);
    });

    it("refuses an unknown window", () => {
      const errors = errorsOf(createKeySchema.safeParse({ ...validCreate, rateLimitWindow: "day" }));
      expect(errors.rateLimitWindow).toEqual(["Choose per minute or per hour."]);
    });
  });

  it("refuses an unknown environment", () => {
    const errors = errorsOf(createKeySchema.safeParse({ ...validCreate, environment: "prod" }));
    expect(errors.environment).toEqual(["Choose live or test."]);
  });

  it.each(["accountId", "expiresAt", "revokedAt", "start"])("refuses the unknown field %s", (field) => {
    const result = createKeySchema.safeParse({ ...validCreate, [field]: "x" });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: [field] });
  });
});

describe("updateKeySchema", () => {
  it("keeps the expiry when asked to, and leaves out the environment", () => {
    const parsed = updateKeySchema.parse(validUpdate);
    expect(parsed.expiresAt).toBeUndefined();
    expect(parsed).not.toHaveProperty("environment");
    expect(parsed).toMatchObject({ name: "Order service", rateLimit: 600, scopes: ["payments:read"] });
  });

  it("clears the expiry with never", () => {
    expect(updateKeySchema.parse({ ...validUpdate, expiry: "never" }).expiresAt).toBeNull();
  });

  it("refuses a change of environment, which a key never has", () => {
    const result = updateKeySchema.safeParse({ ...validUpdate, environment: "test" });
    expect(result.error!.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["environment"] });
  });

  it("applies the same rules to every field", () => {
    const errors = errorsOf(updateKeySchema.safeParse({ ...validUpdate, name: "", scopes: [], expiry: "forever" }));
    expect(Object.keys(errors).sort()).toEqual(["expiry", "name", "scopes"]);
  });

  it("checks the rate limit against its window", () => {
    const errors = errorsOf(updateKeySchema.safeParse({ ...validUpdate, rateLimit: 10_001 }));
    expect(errors.rateLimit).toHaveLength(1);
  });
});

describe("rollKeySchema", () => {
  const keyId = "3f0c2a53-5f0e-4c59-9a8e-0d8a4b7f6a11";

  it.each(["now", "1h", "24h", "7d"])("accepts the grace %s", (grace) => {
    expect(rollKeySchema.parse({ keyId, grace })).toEqual({ keyId, grace });
  });

  it.each(["2h", "", "0", "NOW", undefined])("refuses the grace %j", (grace) => {
    expect(errorsOf(rollKeySchema.safeParse({ keyId, grace })).grace).toEqual(["Choose a grace period."]);
  });

  it.each(["", "not-a-uuid", "3f0c2a53-5f0e-4c59-9a8e-0d8a4b7f6a1", "' or 1=1 --"])("refuses the key id %j", (id) => {
    expect(errorsOf(rollKeySchema.safeParse({ keyId: id, grace: "now" })).keyId).toEqual(["Key not found."]);
  });

  it("refuses unknown fields", () => {
    expect(rollKeySchema.safeParse({ keyId, grace: "now", accountId: keyId }).success).toBe(false);
  });
});

describe("text fields", () => {
  it("refuse a NUL character, naming the field, on every form that takes free text", async () => {
    const { signUpSchema } = await import("./account");
    const { addScopeSchema } = await import("./admin");
    const { parseAuditQuery } = await import("./audit-filters");
    const form = {
      name: "Order\u0000service",
      environment: "live",
      scopes: ["keys:read"],
      rateLimit: "60",
      rateLimitWindow: "minute",
      expiry: "never",
    };
    expect(createKeySchema.safeParse(form).error?.issues).toEqual([
      expect.objectContaining({ path: ["name"], message: "Must not contain a NUL character." }),
    ]);
    expect(createKeySchema.safeParse({ ...form, name: "Order service", description: "\u0000" }).error?.issues[0].path).toEqual([
      "description",
    ]);
    expect(
      signUpSchema.safeParse({ name: "A\u0000", email: "a@example.com", password: "long enough password" }).error?.issues[0].path,
    ).toEqual(["name"]);
    expect(addScopeSchema.safeParse({ name: "invoices:read", description: "Reads\u0000" }).error?.issues[0].path).toEqual([
      "description",
    ]);
    expect(parseAuditQuery(new URLSearchParams({ actor: "x\u0000y" })).problems).toEqual([expect.stringContaining("Actor")]);
  });
});
