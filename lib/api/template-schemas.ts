import { z } from "zod";
import { responseSchemas, usageQuotaSettingSchema } from "./response-schemas";

// What the template operations answer. Registered with the other response schemas, so the OpenAPI document has them.

const timestamp = z.iso.datetime();

export const keyTemplateSchema = z
  .object({
    id: z.uuid(),
    kind: z
      .enum(["plan", "account"])
      .describe("plan: set by the platform's admins for the account's plan (read only); account: saved by the account."),
    plan: z.string().nullable().describe("For a plan template, the plan it is for; null: every plan (and for an account's own)."),
    name: z.string(),
    description: z.string(),
    scopes: z.array(z.string()),
    environment: z.enum(["live", "test"]),
    expiresInDays: z.int().nullable().describe("A key made from it expires this many days later; null: never."),
    rateLimit: z.int(),
    rateLimitWindow: z.enum(["minute", "hour"]),
    quota: usageQuotaSettingSchema.nullable().describe("The usage quota; null: the plan's default."),
    ipAllowlist: z.array(z.string()),
    metadata: z.record(z.string(), z.unknown()),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .register(responseSchemas, { id: "KeyTemplate" });
export type KeyTemplateBody = z.infer<typeof keyTemplateSchema>;

export const keyTemplateListSchema = z
  .object({ data: z.array(keyTemplateSchema) })
  .register(responseSchemas, { id: "KeyTemplateList" });
