import { z } from "zod";
import { USAGE_SOURCES } from "@/db/schema/usage";
import { KEY_ENVIRONMENTS, RATE_LIMIT_WINDOWS, USAGE_QUOTA_PERIODS } from "@/lib/keys/settings";
import { STATUS_LABELS, type KeyStatus } from "@/lib/keys/status";
import { ERROR_STATUS, type ErrorCode } from "@/lib/http/envelope";

// What the API answers, as zod schemas: the serializers are typed by them and the OpenAPI document is generated
// from them, so a field cannot be added to one and forgotten in the other.

/** Named response schemas: the document's components.schemas. Not zod's global registry, which a reload would trip. */
export const responseSchemas = z.registry<{ id: string }>();

const timestamp = z.iso.datetime();
const KEY_STATUSES = Object.keys(STATUS_LABELS) as [KeyStatus, ...KeyStatus[]];

/** A key's usage quota as set. */
export const usageQuotaSettingSchema = z
  .object({
    limit: z.int().describe("Requests allowed per period."),
    period: z
      .enum(USAGE_QUOTA_PERIODS)
      .describe("day or month: refilled when the next UTC day or calendar month starts; total: never refilled."),
  })
  .describe("The key's usage quota, counted beside its rate limit; null: none.");

/** A key's usage quota as it stands now. */
export const usageQuotaStateSchema = usageQuotaSettingSchema
  .extend({
    used: z.int().describe("Requests counted in the current period."),
    remaining: z.int(),
    reset: z.int().nullable().describe("Seconds until the quota refills; null for a total, which never does."),
  })
  .describe("The key's usage quota and what remains of it; null for a key without one.");

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    environment: z.enum(KEY_ENVIRONMENTS),
    start: z.string().describe("The visible start of the current secret: enough to recognise it, never to use it."),
    scopes: z.array(z.string()),
    status: z
      .enum(KEY_STATUSES)
      .describe("expiring: expires within 7 days; disabled: refused until enabled again (revoked is for good)."),
    rateLimit: z.object({ limit: z.int(), window: z.enum(RATE_LIMIT_WINDOWS) }),
    quota: usageQuotaSettingSchema.nullable(),
    ipAllowlist: z.array(z.string()).describe("CIDR blocks the key may be used from; empty: any address."),
    expiresAt: timestamp.nullable(),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    requestCount: z.int(),
    metadata: z.record(z.string(), z.unknown()).describe("Your own data about the key, as you set it."),
    disabledAt: timestamp.nullable().describe("When the key was disabled; null while it is enabled."),
    revokedAt: timestamp.nullable(),
  })
  .register(responseSchemas, { id: "ApiKey" });
export type ApiKeyBody = z.infer<typeof apiKeySchema>;

export const keyListSchema = z
  .object({
    data: z.array(apiKeySchema).describe("One page of keys, newest first."),
    nextCursor: z
      .uuid()
      .nullable()
      .describe("Pass it as ?cursor= for the next page; null on the last page. Opaque: do not build one yourself."),
  })
  .register(responseSchemas, { id: "ApiKeyList" });

export const issuedKeySchema = z
  .object({
    key: apiKeySchema,
    secret: z.string().describe("The whole key. Shown in this response only: store it now, it cannot be read again."),
  })
  .register(responseSchemas, { id: "IssuedKey" });

export const scopeListSchema = z
  .object({
    data: z.array(z.object({ name: z.string(), description: z.string(), adminOnly: z.boolean(), deprecated: z.boolean() })),
  })
  .register(responseSchemas, { id: "ScopeList" });

export const keyUsageSchema = z
  .object({
    keyId: z.uuid(),
    from: z.iso.date().describe("First day reported (UTC)."),
    to: z.iso.date().describe("Last day reported: today (UTC)."),
    total: z.int().describe("Requests the key made: calls the gate accepted, never refusals."),
    successes: z.int().describe("Accepted requests answered with a status below 400."),
    errors: z.int().describe("Accepted requests answered with a status of 400 or above."),
    refused: z
      .int()
      .describe("Calls refused before they ran (revoked or expired key, missing scope, address, rate limit): not requests."),
    successRate: z.number().min(0).max(1).nullable().describe("successes / total; null without requests."),
    daily: z
      .array(z.object({ date: z.iso.date(), successes: z.int(), errors: z.int(), refused: z.int() }))
      .describe("Every day of the range, oldest first."),
    topRoutes: z
      .array(
        z.object({
          method: z.string(),
          route: z.string(),
          source: z
            .enum(USAGE_SOURCES)
            .describe("api: Latchkey's own API; verify: your platform's call, checked with POST /verify; gateway: through /gw."),
          requests: z.int().describe("Accepted calls."),
          errors: z.int().describe("Accepted calls answered with a status of 400 or above."),
          refused: z.int().describe("Calls refused before they ran: not requests."),
        }),
      )
      .describe("The 10 busiest routes: most accepted calls first, then most refusals."),
    outcomes: z
      .array(z.object({ outcome: z.string(), requests: z.int() }))
      .describe(
        "Every call of the range by how it ended, most frequent first: ok, failed (accepted, answered 400 or above), or the refusal's code (invalid_key, revoked, expired, insufficient_scope, ip_not_allowed, rate_limited, …).",
      ),
  })
  .register(responseSchemas, { id: "KeyUsage" });

export const VERIFY_CODES = [
  "valid",
  "malformed",
  "unknown",
  "revoked",
  "disabled",
  "expired",
  "owner_suspended",
  "no_plan",
  "ip_not_allowed",
  "insufficient_scope",
  "rate_limited",
  "quota_exceeded",
] as const;
export type VerifyCode = (typeof VERIFY_CODES)[number];

export const verifyResultSchema = z
  .object({
    valid: z.boolean(),
    code: z.enum(VERIFY_CODES),
    keyId: z.uuid().nullable().describe("Known for every code but malformed and unknown."),
    accountId: z.uuid().nullable().describe("The account that owns the key."),
    ownerId: z.uuid().nullable().describe("Deprecated: the same as accountId, kept for services written before accounts."),
    scopes: z.array(z.string()).describe("The key's scopes, when it is valid or only lacks a requested scope."),
    expiresAt: timestamp.nullable(),
    secretEndsAt: timestamp
      .nullable()
      .describe(
        "Set when the key was presented with a secret being retired (an old one still in its grace after a roll, or a leaked one rolled by a report): when that secret stops working. Such a secret verifies as before until then; tell its holder to switch to the key's current secret. Null for the key's current secret, and for an unknown or malformed key.",
      ),
    metadata: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe("The key owner's metadata about the key (set with it); null for an unknown or malformed key."),
    rateLimit: z
      .object({
        limit: z.int().nullable(),
        remaining: z.int().nullable(),
        reset: z.int().nullable().describe("Seconds until the window resets."),
      })
      .describe("The verified key's own rate limit; null fields where it does not apply."),
    quota: usageQuotaStateSchema
      .nullable()
      .describe(
        "The verified key's usage quota after this verification (a valid one counts against it); null for a key without one, or one not known.",
      ),
    eventId: z
      .uuid()
      .nullable()
      .describe(
        "The usage event recorded for this call, to report its final status and latency with POST /verify/reports; null when nothing was recorded (an unknown or malformed key).",
      ),
  })
  .register(responseSchemas, { id: "VerifyResult" });

export const callReportsResultSchema = z
  .object({
    results: z.array(
      z.object({
        eventId: z.uuid(),
        result: z
          .enum(["applied", "pending", "duplicate"])
          .describe(
            "applied: the call's usage now shows the reported status and latency; pending: its event is not written yet (a second or two after the verification) and the report is applied when it is, or dropped after an hour if it never is; duplicate: already reported, nothing changed.",
          ),
      }),
    ),
  })
  .register(responseSchemas, { id: "CallReportsResult" });

export const meSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    environment: z.enum(KEY_ENVIRONMENTS),
    account: z.object({ id: z.uuid(), name: z.string() }),
    owner: z
      .object({ id: z.uuid() })
      .describe("Deprecated: the account's id under the name it had before accounts; read account.id instead."),
    scopes: z.array(z.string()),
    expiresAt: timestamp.nullable(),
    rateLimit: z.object({
      limit: z.int(),
      window: z.enum(RATE_LIMIT_WINDOWS),
      remaining: z.int(),
      reset: z.int().describe("Seconds until the window resets."),
    }),
    quota: usageQuotaStateSchema.nullable(),
  })
  .register(responseSchemas, { id: "Me" });

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .describe("With validation_failed: each refused field of the request body."),
    }),
  })
  .register(responseSchemas, { id: "Error" });
