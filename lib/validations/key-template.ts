import { z } from "zod";
import { addDays, differenceInCalendarDays } from "date-fns";
import { EXPIRY_CHOICES, KEY_ENVIRONMENTS, RATE_LIMIT_BOUNDS, RATE_LIMIT_WINDOWS, USAGE_QUOTA_BOUNDS } from "@/lib/keys/settings";
import { ipAllowlistSchema, ipAllowlistTextSchema } from "./ip-allowlist";
import { keyMetadataSchema, keyMetadataTextSchema } from "./key-metadata";
import { expiryToDate, scopeName, usageQuotaSchema } from "./key";
import { text } from "./text";
import { PLAN_NAMES } from "./admin";

// A key template: the settings a new key starts from, never the key's name. The same rules as a key's settings
// (lib/validations/key.ts), plus an expiry kept as a duration, since a template is used long after it is made.

// Five years, as a key's expiry date may be.
export const MAX_TEMPLATE_EXPIRY_DAYS = 365 * 5;
export const MAX_ACCOUNT_TEMPLATES = 50;
export const MAX_PLAN_TEMPLATES = 100;

const templateName = text("Name the template.")
  .trim()
  .min(1, "Name the template.")
  .max(64, "A template's name must be at most 64 characters.");
const templateDescription = text().trim().max(200, "A template's description must be at most 200 characters.");
const scopes = z
  .array(scopeName, { error: "Choose at least one scope." })
  .min(1, "Choose at least one scope.")
  .max(64, "Too many scopes.")
  .transform((list) => [...new Set(list)].sort());
const EXPIRY_MESSAGE = `Expiry must be a whole number of days from 1 to ${MAX_TEMPLATE_EXPIRY_DAYS}, or null for never.`;
const expiresInDays = z.int(EXPIRY_MESSAGE).min(1, EXPIRY_MESSAGE).max(MAX_TEMPLATE_EXPIRY_DAYS, EXPIRY_MESSAGE).nullable();
const rateLimit = z.int("Rate limit must be a whole number.");

/** A rate limit within the product's bounds for its window (the plan's are checked when a key is made). */
function rateLimitWithinBounds(value: { rateLimit?: number; rateLimitWindow?: "minute" | "hour" }, ctx: z.RefinementCtx) {
  if (value.rateLimit === undefined || value.rateLimitWindow === undefined) return;
  const bounds = RATE_LIMIT_BOUNDS[value.rateLimitWindow];
  if (value.rateLimit < bounds.min || value.rateLimit > bounds.max) {
    ctx.addIssue({
      code: "custom",
      path: ["rateLimit"],
      message: `Rate limit must be between ${bounds.min} and ${bounds.max.toLocaleString("en-US")} requests per ${value.rateLimitWindow}.`,
    });
  }
}

/** A template's settings as the API takes and answers them; what the commands store. */
export const templateFields = {
  name: templateName.describe("The template's name, 1 to 64 characters, unique in the account (whatever the case)."),
  description: templateDescription.default("").describe("What the template is for, up to 200 characters."),
  scopes: scopes.describe("The scopes a key made from it gets (the plan and the maker's rights are checked then)."),
  environment: z.enum(KEY_ENVIRONMENTS, { error: "Choose live or test." }).default("live").describe("live or test."),
  expiresInDays: expiresInDays
    .default(null)
    .describe(`A key made from it expires this many days later (1 to ${MAX_TEMPLATE_EXPIRY_DAYS}); null: never.`),
  rateLimit: rateLimit.describe("Requests allowed per window: 1 to 10,000 per minute or 1 to 600,000 per hour."),
  rateLimitWindow: z.enum(RATE_LIMIT_WINDOWS, { error: "Choose per minute or per hour." }),
  quota: usageQuotaSchema
    .default(null)
    .describe('The usage quota, { "limit", "period": "day" | "month" | "total" }; null: the plan\'s default.'),
  ipAllowlist: ipAllowlistSchema.default([]).describe("Addresses or CIDR blocks a key made from it may be used from."),
  metadata: keyMetadataSchema.default({}).describe("The key's metadata, a JSON object of at most 4 KB."),
};

export const templateSettingsSchema = z.object(templateFields).strict().superRefine(rateLimitWithinBounds);
export type TemplateSettings = z.output<typeof templateSettingsSchema>;

/** PATCH: the fields sent, merged over the template and checked again as a whole. */
export const templatePatchSchema = z
  .object({
    name: templateFields.name,
    description: templateDescription,
    scopes: templateFields.scopes,
    environment: z.enum(KEY_ENVIRONMENTS, { error: "Choose live or test." }),
    expiresInDays: templateFields.expiresInDays.removeDefault(),
    rateLimit: templateFields.rateLimit,
    rateLimitWindow: templateFields.rateLimitWindow,
    quota: usageQuotaSchema,
    ipAllowlist: ipAllowlistSchema,
    metadata: keyMetadataSchema,
  })
  .partial()
  .strict();
export type TemplatePatch = z.output<typeof templatePatchSchema>;

export const templateIdSchema = z.uuid({ error: "Template not found." });

// The dashboard's forms: the template form (expiry as a choice of days, or a number of days) and "Save as template" in
// the generate form, whose expiry may be a date: saved as the days from today until it.
const TEMPLATE_EXPIRY_CHOICES = [...EXPIRY_CHOICES, "days"] as const;
const QUOTA_LIMIT_MESSAGE = `Quota must be a whole number from ${USAGE_QUOTA_BOUNDS.min} to ${USAGE_QUOTA_BOUNDS.max.toLocaleString("en-US")}.`;

export const templateFormSchema = z
  .object({
    templateName,
    templateDescription: templateDescription.default(""),
    scopes,
    environment: z.enum(KEY_ENVIRONMENTS, { error: "Choose live or test." }),
    expiry: z.enum(TEMPLATE_EXPIRY_CHOICES, { error: "Choose when keys made from it expire." }),
    expiresOn: z.string().trim().optional(),
    expiresInDays: z.string().trim().optional(),
    rateLimit: z.coerce.number({ error: "Rate limit must be a whole number." }).int("Rate limit must be a whole number."),
    rateLimitWindow: z.enum(RATE_LIMIT_WINDOWS, { error: "Choose per minute or per hour." }),
    quotaLimit: text().trim().optional(),
    quotaPeriod: z.enum(["day", "month", "total"], { error: "Choose per day, per month or in total." }).optional(),
    ipAllowlist: ipAllowlistTextSchema.optional(),
    metadata: keyMetadataTextSchema.optional(),
    // Which template an edit changes, and which plan an admin's is for ("all": every plan).
    templateId: templateIdSchema.optional(),
    plan: z.enum(["all", ...PLAN_NAMES], { error: "Choose a plan." }).optional(),
  })
  .strict()
  .superRefine(rateLimitWithinBounds)
  .transform((value, ctx) => {
    const days = templateExpiryDays(value, new Date());
    if (typeof days === "object" && days !== null) {
      ctx.addIssue({ code: "custom", path: [days.field], message: days.error });
      return z.NEVER;
    }
    let quota: TemplateSettings["quota"] = null;
    if (value.quotaLimit) {
      const limit = Number(value.quotaLimit);
      if (!Number.isInteger(limit) || limit < USAGE_QUOTA_BOUNDS.min || limit > USAGE_QUOTA_BOUNDS.max) {
        ctx.addIssue({ code: "custom", path: ["quotaLimit"], message: QUOTA_LIMIT_MESSAGE });
        return z.NEVER;
      }
      quota = { limit, period: value.quotaPeriod ?? "month" };
    }
    const settings: TemplateSettings = {
      name: value.templateName,
      description: value.templateDescription,
      scopes: value.scopes,
      environment: value.environment,
      expiresInDays: days,
      rateLimit: value.rateLimit,
      rateLimitWindow: value.rateLimitWindow,
      quota,
      ipAllowlist: value.ipAllowlist ?? [],
      metadata: value.metadata ?? {},
    };
    return { settings, templateId: value.templateId, plan: value.plan };
  });

/** The form's expiry as days: null for never, or what is wrong with it and in which field. */
export function templateExpiryDays(
  value: { expiry: (typeof TEMPLATE_EXPIRY_CHOICES)[number]; expiresOn?: string; expiresInDays?: string },
  now: Date,
): number | null | { field: string; error: string } {
  if (value.expiry === "days") {
    const days = Number(value.expiresInDays);
    const parsed = expiresInDays.safeParse(value.expiresInDays ? days : Number.NaN);
    return parsed.success ? parsed.data : { field: "expiresInDays", error: EXPIRY_MESSAGE };
  }
  const at = expiryToDate(value.expiry, value.expiresOn, now);
  if (at === null) return null;
  if ("error" in at) return { field: "expiresOn", error: at.error };
  // A date becomes the whole days until it: a key made from the template today expires that day.
  return Math.max(1, differenceInCalendarDays(at, now));
}

/** When a key made now from a template with this duration expires. */
export function templateExpiresAt(days: number | null, now: Date): Date | null {
  return days === null ? null : addDays(now, days);
}

export const templateTargetSchema = z.object({ templateId: templateIdSchema }).strict();
