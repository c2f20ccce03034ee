import { z } from "zod";
import { text } from "./text";
import { submissionField } from "./submission";
import { SCOPE_NAME_PATTERN } from "@/lib/scopes";
import { USAGE_QUOTA_BOUNDS, USAGE_QUOTA_PERIODS } from "@/lib/keys/settings";
import {
  createKeyFields,
  ipAllowlistFormSchema,
  keyIdSchema,
  rollKeySchema,
  updateKeyFields,
  withResolvedLimitsAndExpiry,
} from "./key";
import { changeMemberRoleSchema, invitationTargetSchema, memberTargetSchema, serviceAccountTargetSchema } from "./members";

export const PLAN_NAMES = ["none", "basic", "advanced"] as const;
export const clientIdSchema = z.uuid({ error: "Client not found." });
const client = { clientId: clientIdSchema };

/** The key forms' fields plus the client the admin acts for. */
export const adminCreateKeySchema = z
  .object({ ...client, ...createKeyFields, ...submissionField })
  .strict()
  .transform((value, ctx) => {
    const { clientId, ...rest } = withResolvedLimitsAndExpiry(value, ctx);
    return { clientId, input: { ...rest, expiresAt: rest.expiresAt ?? null } };
  });

export const adminUpdateKeySchema = z
  .object({ ...client, keyId: keyIdSchema, ...updateKeyFields })
  .strict()
  .transform((value, ctx) => {
    const { clientId, keyId, ...rest } = withResolvedLimitsAndExpiry(value, ctx);
    return { clientId, keyId, input: rest };
  });

export const adminRollKeySchema = rollKeySchema.extend(client);
export const adminKeyTargetSchema = z.object({ ...client, keyId: keyIdSchema }).strict();
export const adminIpAllowlistSchema = ipAllowlistFormSchema.extend(client);

export const clientTargetSchema = z.object(client).strict();
export const setPlanSchema = z.object({ ...client, plan: z.enum(PLAN_NAMES, { error: "Choose a plan." }) }).strict();
export const setStatusSchema = z
  .object({ ...client, status: z.enum(["active", "suspended"], { error: "Choose active or suspended." }) })
  .strict();

// The team forms' fields plus the client whose people the admin manages on its behalf.
export const adminChangeMemberRoleSchema = changeMemberRoleSchema.extend(client);
export const adminMemberTargetSchema = memberTargetSchema.extend(client);
export const adminInvitationTargetSchema = invitationTargetSchema.extend(client);
export const adminServiceAccountTargetSchema = serviceAccountTargetSchema.extend(client);

export const addScopeSchema = z
  .object({
    name: z
      .string()
      .trim()
      .toLowerCase()
      .regex(SCOPE_NAME_PATTERN, "Use resource:action, lowercase (for example invoices:read)."),
    description: text().trim().min(1, "Describe what the scope allows.").max(200, "Keep it under 200 characters."),
    // A checkbox: present when ticked.
    adminOnly: z
      .literal("on")
      .optional()
      .transform((value) => value === "on"),
  })
  .strict();

export const deprecateScopeSchema = z
  .object({
    name: z.string().regex(SCOPE_NAME_PATTERN, "Unknown scope."),
    deprecated: z.enum(["true", "false"]).transform((value) => value === "true"),
  })
  .strict();

/** The clients list's query string; anything unexpected falls back to the first page of everyone. */
export const clientSearchSchema = z.object({
  q: text().trim().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

const quotaNumberMessage = `Enter a whole number from 1 to ${USAGE_QUOTA_BOUNDS.max.toLocaleString("en-US")}, or leave it empty.`;
/** A form's optional quota number: empty is none. */
const optionalQuotaNumber = text()
  .trim()
  .transform((value, ctx) => {
    if (value === "") return null;
    const number = Number(value);
    if (!Number.isInteger(number) || number < USAGE_QUOTA_BOUNDS.min || number > USAGE_QUOTA_BOUNDS.max) {
      ctx.addIssue({ code: "custom", message: quotaNumberMessage });
      return z.NEVER;
    }
    return number;
  });

/** A plan's usage quota default (empty: none) and monthly maximum (empty: none), from /admin/plans. */
export const planUsageQuotaSchema = z
  .object({
    plan: z.enum(PLAN_NAMES, { error: "Choose a plan." }),
    defaultQuotaLimit: optionalQuotaNumber,
    defaultQuotaPeriod: z.enum(USAGE_QUOTA_PERIODS, { error: "Choose per day, per month or in total." }),
    maxQuotaPerMonth: optionalQuotaNumber,
  })
  .strict()
  .transform(({ plan, defaultQuotaLimit, defaultQuotaPeriod, maxQuotaPerMonth }) => ({
    plan,
    defaultQuota: defaultQuotaLimit === null ? null : { limit: defaultQuotaLimit, period: defaultQuotaPeriod },
    maxPerMonth: maxQuotaPerMonth,
  }));
