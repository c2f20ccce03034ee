import { z } from "zod";
import { addDays, isAfter, parseISO } from "date-fns";
import { SCOPE_NAME_PATTERN } from "@/lib/scopes";
import { ipAllowlistSchema, ipAllowlistTextSchema } from "./ip-allowlist";
import { text } from "./text";
import { submissionField } from "./submission";
import { keyMetadataSchema, keyMetadataTextSchema } from "./key-metadata";

import {
  EXPIRY_CHOICES,
  GRACE_PERIODS,
  KEY_ENVIRONMENTS,
  RATE_LIMIT_BOUNDS,
  RATE_LIMIT_WINDOWS,
  type GracePeriod,
  USAGE_QUOTA_BOUNDS,
  USAGE_QUOTA_PERIODS,
  type UsageQuota,
} from "@/lib/keys/settings";

export { EXPIRY_CHOICES, GRACE_PERIODS, RATE_LIMIT_BOUNDS, RATE_LIMIT_WINDOWS };
// Far enough for any real use, near enough that a typo in the year is caught.
const MAX_EXPIRY_YEARS = 5;

const name = text("Name is required.").trim().min(1, "Name is required.").max(64, "Name must be at most 64 characters.");
// Without its default, for a partial update where a missing description means "leave it as it is".
const descriptionText = text().trim().max(500, "Description must be at most 500 characters.");
const description = descriptionText.default("");
export const scopeName = z.string().regex(SCOPE_NAME_PATTERN, "Unknown scope.");
const scopeList = z
  .array(scopeName, { error: "Choose at least one scope." })
  .min(1, "Choose at least one scope.")
  .max(64, "Too many scopes.")
  .transform((list) => [...new Set(list)].sort());
const rateLimit = z.coerce.number({ error: "Rate limit must be a whole number." }).int("Rate limit must be a whole number.");
// JSON carries numbers as numbers: the API refuses "600" or true where a form field would be coerced.
const rateLimitNumber = z.number({ error: "Rate limit must be a whole number." }).int("Rate limit must be a whole number.");

const QUOTA_LIMIT_MESSAGE = `Quota must be a whole number from ${USAGE_QUOTA_BOUNDS.min} to ${USAGE_QUOTA_BOUNDS.max.toLocaleString("en-US")}.`;
const quotaPeriod = z.enum(USAGE_QUOTA_PERIODS, { error: "Choose per day, per month or in total." });

/** The API's usage quota: an object, or null for none. Left out: the plan's default on create, unchanged on update. */
export const usageQuotaSchema = z
  .object({
    limit: z
      .number({ error: QUOTA_LIMIT_MESSAGE })
      .int(QUOTA_LIMIT_MESSAGE)
      .min(USAGE_QUOTA_BOUNDS.min, QUOTA_LIMIT_MESSAGE)
      .max(USAGE_QUOTA_BOUNDS.max, QUOTA_LIMIT_MESSAGE),
    period: quotaPeriod,
  })
  .strict()
  .nullable();

// The forms' usage quota: a number field and a period. Empty on the edit form: no quota; empty on the create form, or
// both left out: as for the API (the plan's default on create, unchanged on update).
const quotaFormFields = {
  quotaLimit: text().trim().optional(),
  quotaPeriod: quotaPeriod.optional(),
};
const createQuotaFormFields = {
  ...quotaFormFields,
  quotaLimit: quotaFormFields.quotaLimit.transform((value) => (value === "" ? undefined : value)),
};

const expiryFields = {
  expiry: z.enum(EXPIRY_CHOICES, { error: "Choose when the key expires." }),
  // A calendar date (YYYY-MM-DD), read only when expiry is "date".
  expiresOn: z.string().trim().optional(),
};

/** Resolves the expiry choice to a timestamp: the end of the chosen day (UTC), or n days from now. */
export function expiryToDate(
  choice: (typeof EXPIRY_CHOICES)[number],
  expiresOn: string | undefined,
  now: Date,
): Date | null | { error: string } {
  if (choice === "never") return null;
  if (choice !== "date") return addDays(now, Number(choice));
  if (!expiresOn || !/^\d{4}-\d{2}-\d{2}$/.test(expiresOn)) return { error: "Pick an expiry date." };
  const day = parseISO(`${expiresOn}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) return { error: "Pick a valid expiry date." };
  const expiresAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 23, 59, 59, 999));
  if (!isAfter(expiresAt, now)) return { error: "The expiry date must be in the future." };
  // Compared in UTC, like the date itself: the last allowed day does not move with the server's time zone.
  if (isAfter(expiresAt, addDays(now, 365 * MAX_EXPIRY_YEARS + 1)))
    return { error: `The expiry date must be within ${MAX_EXPIRY_YEARS} years.` };
  return expiresAt;
}

interface QuotaInput {
  quota?: UsageQuota | null;
  quotaLimit?: string;
  quotaPeriod?: UsageQuota["period"];
}

/** The usage quota asked for, from the API's object or the forms' two fields: undefined when not said. */
function resolveUsageQuota(value: QuotaInput, ctx: z.RefinementCtx): UsageQuota | null | undefined {
  if (value.quota !== undefined) return value.quota;
  if (value.quotaLimit === undefined) return undefined;
  if (value.quotaLimit === "") return null;
  const limit = Number(value.quotaLimit);
  if (!Number.isInteger(limit) || limit < USAGE_QUOTA_BOUNDS.min || limit > USAGE_QUOTA_BOUNDS.max) {
    ctx.addIssue({ code: "custom", path: ["quotaLimit"], message: QUOTA_LIMIT_MESSAGE });
    return undefined;
  }
  if (!value.quotaPeriod) {
    ctx.addIssue({ code: "custom", path: ["quotaPeriod"], message: "Choose per day, per month or in total." });
    return undefined;
  }
  return { limit, period: value.quotaPeriod };
}

export function withResolvedLimitsAndExpiry<T extends { rateLimit: number; rateLimitWindow: "minute" | "hour" }>(
  value: T & { expiry?: (typeof EXPIRY_CHOICES)[number] | "keep"; expiresOn?: string } & QuotaInput,
  ctx: z.RefinementCtx,
) {
  const bounds = RATE_LIMIT_BOUNDS[value.rateLimitWindow];
  if (value.rateLimit < bounds.min || value.rateLimit > bounds.max) {
    ctx.addIssue({
      code: "custom",
      path: ["rateLimit"],
      message: `Rate limit must be between ${bounds.min} and ${bounds.max.toLocaleString("en-US")} requests per ${value.rateLimitWindow}.`,
    });
  }
  let expiresAt: Date | null | undefined;
  if (value.expiry && value.expiry !== "keep") {
    const resolved = expiryToDate(value.expiry, value.expiresOn, new Date());
    if (resolved && "error" in resolved) {
      ctx.addIssue({ code: "custom", path: ["expiresOn"], message: resolved.error });
    } else {
      expiresAt = resolved;
    }
  }
  // The usage quota asked for, called the allowance here so that it is never taken for the key row's column.
  const allowance = resolveUsageQuota(value, ctx);
  const { expiry: _expiry, expiresOn: _expiresOn, quota: _quota, quotaLimit: _limit, quotaPeriod: _period, ...rest } = value;
  return { ...rest, expiresAt, ...(allowance !== undefined && { allowance }) } as Omit<typeof rest, "allowance"> & {
    expiresAt: Date | null | undefined;
    /** The usage quota asked for: null for none; absent for the plan's default (create) or unchanged (update). */
    allowance?: UsageQuota | null;
  };
}

export const createKeyFields = {
  name,
  description,
  scopes: scopeList,
  environment: z.enum(KEY_ENVIRONMENTS, { error: "Choose live or test." }),
  rateLimit,
  rateLimitWindow: z.enum(RATE_LIMIT_WINDOWS, { error: "Choose per minute or per hour." }),
  ...expiryFields,
  ...createQuotaFormFields,
  metadata: keyMetadataTextSchema.optional(),
  // A new key's IP allowlist (a template may carry one); empty: any address.
  ipAllowlist: ipAllowlistTextSchema.optional(),
};

// Who holds a key made in the dashboard: the account itself (empty), or one of its service accounts.
const serviceAccountId = z
  .union([z.literal("").transform(() => undefined), z.uuid({ error: "Service account not found." })])
  .optional();

// The template the form started from (empty: none), for the key's audit row; its settings came in the fields.
const startedFrom = z.union([z.literal("").transform(() => undefined), z.uuid({ error: "Template not found." })]).optional();

export const createKeySchema = z
  .object({ ...createKeyFields, ...submissionField, serviceAccountId, template: startedFrom })
  .strict()
  .transform((value, ctx) => {
    const resolved = withResolvedLimitsAndExpiry(value, ctx);
    return { ...resolved, expiresAt: resolved.expiresAt ?? null };
  });
export type CreateKeyInput = z.output<typeof createKeySchema>;

export const updateKeyFields = {
  name,
  description,
  scopes: scopeList,
  rateLimit,
  rateLimitWindow: z.enum(RATE_LIMIT_WINDOWS, { error: "Choose per minute or per hour." }),
  expiry: z.enum([...EXPIRY_CHOICES, "keep"], { error: "Choose when the key expires." }),
  expiresOn: z.string().trim().optional(),
  ...quotaFormFields,
  metadata: keyMetadataTextSchema.optional(),
};

/** expiresAt undefined means "leave as it is". */
export const updateKeySchema = z
  .object(updateKeyFields)
  .strict()
  .transform((value, ctx) => withResolvedLimitsAndExpiry(value, ctx));
export type UpdateKeyInput = z.output<typeof updateKeySchema>;

/** The same rules for JSON bodies of the API: numbers must be numbers, and a missing expiry means never. */
const { quotaLimit: _createLimit, quotaPeriod: _createPeriod, ...createKeyApiBase } = createKeyFields;
const { quotaLimit: _updateLimit, quotaPeriod: _updatePeriod, ...updateKeyApiBase } = updateKeyFields;
export const apiCreateKeyFields = {
  ...createKeyApiBase,
  rateLimit: rateLimitNumber,
  expiry: createKeyFields.expiry.default("never"),
  quota: usageQuotaSchema.optional(),
  metadata: keyMetadataSchema.optional(),
  ipAllowlist: ipAllowlistSchema.optional(),
};
export const apiUpdateKeyFields = {
  ...updateKeyApiBase,
  description: descriptionText,
  rateLimit: rateLimitNumber,
  quota: usageQuotaSchema.optional(),
  metadata: keyMetadataSchema.optional(),
};

export const keyIdSchema = z.uuid({ error: "Key not found." });

// The dashboard's edit form names its key in a hidden field; the API takes it from the URL instead.
export const updateKeyFormSchema = z
  .object({ keyId: keyIdSchema, ...updateKeyFields })
  .strict()
  .transform((value, ctx) => withResolvedLimitsAndExpiry(value, ctx));

export const keyTargetSchema = z.object({ keyId: keyIdSchema }).strict();

export const rollKeySchema = z
  .object({
    keyId: keyIdSchema,
    grace: z.enum(Object.keys(GRACE_PERIODS) as [GracePeriod], { error: "Choose a grace period." }),
    ...submissionField,
  })
  .strict();
export type RollKeyInput = z.output<typeof rollKeySchema>;

export const ipAllowlistFormSchema = z.object({ keyId: keyIdSchema, ipAllowlist: ipAllowlistTextSchema }).strict();

/**
 * The /keys page's query string: a search and the key the page starts after. A bad value is dropped rather than
 * refused: the page shows the first page of every key instead.
 */
export const keyListSearchSchema = z.object({
  q: text().trim().max(100).catch(""),
  after: z.uuid().optional().catch(undefined),
});
