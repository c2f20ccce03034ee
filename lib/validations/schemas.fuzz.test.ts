import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { z } from "zod";
import { createKeySchema, updateKeyFormSchema, rollKeySchema, keyTargetSchema, ipAllowlistFormSchema } from "./key";
import { signInSchema, signUpSchema } from "./account";
import { apiCreateKeySchema, apiKeyPatchSchema, apiRollKeySchema, verifyKeyRequestSchema, usageQuerySchema } from "./api-key";
import { ipAllowlistSchema } from "./ip-allowlist";
import {
  adminDeleteClientSchema,
  changeEmailSchema,
  changeNameSchema,
  changePasswordSchema,
  confirmEmailSchema,
  deleteAccountSchema,
  forgotPasswordSchema,
  resetPasswordSchema,
} from "./profile";
import { confirmEnrolmentSchema, identityProofSchema, sessionTargetSchema } from "./security";
import { templatePatchSchema, templateSettingsSchema } from "./key-template";

// Every schema that stands at a boundary, fed anything JSON can carry: each must answer success or a list of issues,
// never throw.
const schemas: Record<string, z.ZodType> = {
  createKeySchema,
  updateKeyFormSchema,
  rollKeySchema,
  keyTargetSchema,
  ipAllowlistFormSchema,
  signInSchema,
  signUpSchema,
  apiCreateKeySchema,
  apiKeyPatchSchema,
  apiRollKeySchema,
  verifyKeyRequestSchema,
  usageQuerySchema,
  ipAllowlistSchema,
  changeNameSchema,
  changePasswordSchema,
  resetPasswordSchema,
  changeEmailSchema,
  confirmEmailSchema,
  forgotPasswordSchema,
  deleteAccountSchema,
  adminDeleteClientSchema,
  identityProofSchema,
  confirmEnrolmentSchema,
  sessionTargetSchema,
  templateSettingsSchema,
  templatePatchSchema,
};

// Objects shaped like the real inputs, with values of every kind, so that the fields' own rules are exercised too.
const fieldNames = [
  "name",
  "description",
  "scopes",
  "environment",
  "rateLimit",
  "rateLimitWindow",
  "expiry",
  "expiresOn",
  "keyId",
  "grace",
  "ipAllowlist",
  "email",
  "password",
  "key",
  "ip",
  "days",
  "callbackUrl",
  "role",
  "accountId",
  "currentPassword",
  "newPassword",
  "confirmPassword",
  "token",
  "confirmation",
  "code",
  "sessionId",
  "clientId",
  "metadata",
  "expiresInDays",
];
const shapedInput = fc.dictionary(fc.constantFrom(...fieldNames), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 10 });

describe("boundary schemas under arbitrary input", () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name} never throws`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue({ maxDepth: 3 }), shapedInput), (input) => {
          const result = schema.safeParse(input);
          if (!result.success) expect(result.error.issues.length).toBeGreaterThan(0);
        }),
        { numRuns: 1_000 },
      );
    });
  }

  it("never lets an owner, role or hash through a key schema (mass assignment)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("accountId", "role", "hash", "requestCount", "revokedAt", "id"),
        fc.jsonValue(),
        (field, value) => {
          const base = {
            name: "n",
            scopes: ["keys:read"],
            environment: "live",
            rateLimit: 10,
            rateLimitWindow: "minute",
            expiry: "never",
          };
          expect(createKeySchema.safeParse({ ...base, [field]: value }).success).toBe(false);
          expect(apiCreateKeySchema.safeParse({ ...base, [field]: value }).success).toBe(false);
          expect(apiKeyPatchSchema.safeParse({ [field]: value }).success).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
