import { z } from "zod";
import ipaddr from "ipaddr.js";
import { ipAllowlistSchema } from "./ip-allowlist";
import { text } from "./text";
import { MAX_TAG_LENGTH, MAX_TAGS } from "@/lib/usage/tags";
import { templateIdSchema } from "./key-template";
import { apiCreateKeyFields, apiUpdateKeyFields, rollKeySchema, scopeName, withResolvedLimitsAndExpiry } from "./key";

// What each field means, for the API reference. The rules themselves stay with the fields.
const FIELD_DOCS: Record<string, string> = {
  name: "A name to tell the key apart, 1 to 64 characters.",
  description: "What the key is for, up to 500 characters.",
  scopes: "The scopes the key grants (see GET /scopes). Admin-only and deprecated scopes cannot be granted.",
  environment: "live or test; part of the key's visible prefix.",
  rateLimit: "Requests allowed per window: 1 to 10,000 per minute or 1 to 600,000 per hour.",
  rateLimitWindow: "The window the rate limit counts in.",
  expiry:
    'When the key expires: never, in 7, 30, 90 or 365 days, or "date" for the end (UTC) of expiresOn. On update, "keep" (or leaving it out) keeps the current expiry.',
  expiresOn: 'A date (YYYY-MM-DD) within 5 years, read only when expiry is "date".',
  ipAllowlist:
    "IPv4/IPv6 addresses or CIDR blocks the key may be used from; an empty list (or leaving it out) allows any address.",
  metadata: "Your own JSON object about the key (a customer id, a tier), at most 4 KB and 5 levels deep.",
  quota:
    'The key\'s usage quota, counted beside its rate limit: { "limit": 1 to 1,000,000,000, "period": "day" | "month" | "total" } (day and month refill at the start of the next UTC day or month; total never refills), or null for none. Left out: the plan\'s default on create, unchanged on update. Bounded by the plan\'s monthly maximum (a daily quota counts 31 days).',
};

function documented<T extends Record<string, z.ZodType>>(fields: T): T {
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => [name, FIELD_DOCS[name] ? field.describe(FIELD_DOCS[name]) : field]),
  ) as T;
}

const createFields = documented(apiCreateKeyFields);
const updateFields = documented(apiUpdateKeyFields);

// The request bodies of the integrator API. Each field keeps the rule the dashboard's forms use (lib/validations/key.ts);
// these schemas validate the requests and generate the OpenAPI document, so the two cannot drift apart.

export const apiCreateKeySchema = z
  .object(createFields)
  .strict()
  .transform((value, ctx) => {
    const resolved = withResolvedLimitsAndExpiry(value, ctx);
    return { ...resolved, expiresAt: resolved.expiresAt ?? null };
  });

/**
 * The body of POST /keys as sent: with `template`, the template's settings fill every field left out (and a field sent
 * overrides the template's), so only `name` is required; without one, the fields apiCreateKeySchema requires.
 * lib/api/key-request.ts merges the two and checks the result with apiCreateKeySchema.
 */
export const apiCreateKeyRequestSchema = z
  .object({
    ...createFields,
    scopes: createFields.scopes.optional().describe(`${FIELD_DOCS.scopes} Required without a template.`),
    environment: createFields.environment.optional().describe(`${FIELD_DOCS.environment} Required without a template.`),
    rateLimit: createFields.rateLimit.optional().describe(`${FIELD_DOCS.rateLimit} Required without a template.`),
    rateLimitWindow: createFields.rateLimitWindow
      .optional()
      .describe(`${FIELD_DOCS.rateLimitWindow} Required without a template.`),
    expiry: apiCreateKeyFields.expiry
      .removeDefault()
      .optional()
      .describe(`${FIELD_DOCS.expiry} Left out: the template's duration, else never.`),
    template: templateIdSchema
      .optional()
      .describe(
        "The id of a key template (GET /templates) the key starts from: its settings fill every field left out; a field sent overrides the template's. The plan is checked on the result (403 plan_limit): a template's settings are never cut down silently.",
      ),
  })
  .strict();
export type ApiCreateKeyRequest = z.output<typeof apiCreateKeyRequestSchema>;

/** PATCH: every field optional, each checked on its own; a missing one keeps the key's current value. */
export const apiKeyPatchSchema = z
  .object({
    ...updateFields,
    ipAllowlist: ipAllowlistSchema.describe(
      "IPv4/IPv6 addresses or CIDR blocks the key may be used from; an empty list allows any address.",
    ),
  })
  .partial()
  .strict();
export type ApiKeyPatch = z.output<typeof apiKeyPatchSchema>;

/** The patch merged over the key's current settings, checked as a whole (the rate limit's bounds depend on its window). */
export const apiUpdateKeySchema = z
  .object(updateFields)
  .strict()
  .transform((value, ctx) => withResolvedLimitsAndExpiry(value, ctx));

export const apiRollKeySchema = z
  .object({
    grace: rollKeySchema.shape.grace
      .default("now")
      .describe("How long the current secret keeps working: now (default), 1h, 24h or 7d."),
  })
  .strict();

// Longer than any real key, so that a mistyped one is answered "malformed" rather than refused as a bad request.
export const MAX_VERIFY_KEY_LENGTH = 200;

/** The methods of a call a platform verifies a key for. */
export const VERIFIED_CALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export const verifyKeyRequestSchema = z
  .object({
    key: z.string().min(1, "Send the key to verify.").max(MAX_VERIFY_KEY_LENGTH).describe("The key a client presented to you."),
    scopes: z
      .array(scopeName)
      .max(64, "Too many scopes.")
      .optional()
      .describe("Scopes the key must have; without them the answer is insufficient_scope."),
    ip: z
      .string()
      .max(64)
      .refine((value) => ipaddr.isValid(value), "Send an IPv4 or IPv6 address.")
      .optional()
      .describe(
        "The address the key was presented from; checked against the key's IP allowlist. Without it, a key that has an allowlist is refused (ip_not_allowed).",
      ),
    method: z
      .enum(VERIFIED_CALL_METHODS, { error: `Send one of ${VERIFIED_CALL_METHODS.join(", ")}.` })
      .optional()
      .describe("The method of the call the key was presented for; recorded in the key's usage."),
    path: text()
      .max(512, "Send a path of at most 512 characters.")
      .refine((value) => value.startsWith("/"), "Send the path starting with /.")
      .optional()
      .describe("The path of that call (a query string is dropped; ids are folded to :id in the key's usage)."),
    tags: z
      .array(
        text()
          .min(1, "Send tags of at least one character.")
          .max(MAX_TAG_LENGTH, `Send tags of at most ${MAX_TAG_LENGTH} characters.`),
      )
      .max(MAX_TAGS, `Send at most ${MAX_TAGS} tags.`)
      .optional()
      .describe("Labels for this call (for example region=eu or plan=pro), kept with its usage event and exported."),
  })
  .strict();

export const MAX_REPORTS = 1_000;

export const callReportsRequestSchema = z
  .object({
    reports: z
      .array(
        z
          .object({
            eventId: z
              .uuid("Send the eventId that POST /verify answered.")
              .transform((id) => id.toLowerCase())
              .describe("The eventId POST /verify answered for the call."),
            status: z
              .int("Send the HTTP status as a whole number.")
              .min(100, "Send an HTTP status from 100 to 599.")
              .max(599, "Send an HTTP status from 100 to 599.")
              .describe("The status your API answered the call with."),
            latencyMs: z
              .int("Send the latency in whole milliseconds.")
              .min(0, "Send a latency of 0 ms or more.")
              .max(600_000, "Send a latency of at most 600000 ms.")
              .describe("How long your API took to answer it, in milliseconds."),
          })
          .strict(),
      )
      .min(1, "Send at least one report.")
      .max(MAX_REPORTS, `Send at most ${MAX_REPORTS} reports at once.`)
      .superRefine((reports, context) => {
        const seen = new Set<string>();
        reports.forEach((report, index) => {
          if (seen.has(report.eventId)) {
            context.addIssue({ code: "custom", path: [index, "eventId"], message: "This event is reported twice." });
          }
          seen.add(report.eventId);
        });
      }),
  })
  .strict();

export const usageQuerySchema = z.object({
  days: z.coerce
    .number({ error: "days must be a whole number from 1 to 90." })
    .int("days must be a whole number from 1 to 90.")
    .min(1, "days must be a whole number from 1 to 90.")
    .max(90, "days must be a whole number from 1 to 90.")
    .default(30)
    .describe("How many days to report, ending today (UTC): 1 to 90."),
});

/** How many keys GET /api/v1/keys answers at once when not told, and at most. */
export const KEY_LIST_LIMITS = { default: 100, max: 500 } as const;

const limitMessage = `limit must be a whole number from 1 to ${KEY_LIST_LIMITS.max}.`;

export const listKeysQuerySchema = z.object({
  cursor: z
    .uuid("cursor must be the nextCursor of a previous page.")
    .optional()
    .describe("Where the page starts: the nextCursor of the page before. Without it, the first page (the newest keys)."),
  limit: z.coerce
    .number({ error: limitMessage })
    .int(limitMessage)
    .min(1, limitMessage)
    .max(KEY_LIST_LIMITS.max, limitMessage)
    .default(KEY_LIST_LIMITS.default)
    .describe(`Keys per page: 1 to ${KEY_LIST_LIMITS.max}, ${KEY_LIST_LIMITS.default} when left out.`),
});
