import type { z } from "zod";
import type { BuiltInScope } from "@/lib/scopes";
import { templatePatchSchema, templateSettingsSchema } from "@/lib/validations/key-template";
import { keyTemplateListSchema, keyTemplateSchema } from "./template-schemas";
import {
  apiCreateKeyRequestSchema,
  apiKeyPatchSchema,
  apiRollKeySchema,
  listKeysQuerySchema,
  usageQuerySchema,
  verifyKeyRequestSchema,
  callReportsRequestSchema,
} from "@/lib/validations/api-key";
import type { ErrorCode } from "@/lib/http/envelope";
import { createWebhookSchema, listDeliveriesQuerySchema, updateWebhookSchema } from "@/lib/validations/webhook";
import {
  issuedWebhookSchema,
  webhookDeliveryListSchema,
  webhookDeliverySchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
} from "./webhook-schemas";
import type { AuditedAction } from "@/lib/api/audited-action";
import {
  apiKeySchema,
  issuedKeySchema,
  keyListSchema,
  keyUsageSchema,
  meSchema,
  scopeListSchema,
  verifyResultSchema,
  callReportsResultSchema,
} from "./response-schemas";

export interface ApiOperation {
  method: "get" | "post" | "patch" | "delete";
  /** Under /api/v1, with {id} for a key's id. */
  path: string;
  summary: string;
  description: string;
  /** "none": public. Otherwise a key with every scope listed (none listed: any valid key). */
  auth: "key" | "none";
  scopes: BuiltInScope[];
  /** For a management operation: its action in the audit trail, where a refusal for a missing scope is recorded too. */
  audit?: AuditedAction;
  /**
   * "refused": a key presented with a secret being retired (an old one in its grace after a roll, which every leaked
   * secret under the roll policy is) may not do this, 403 retiring_secret. Every operation that makes, changes or
   * rolls a key or a webhook endpoint, or sends to one: whoever holds a retired or leaked secret must not be able to
   * mint a credential that outlives it, nor redirect the account's events. Reads, verification and reports stay open,
   * so that a service keeps working through the grace.
   */
  retiringSecret?: "refused";
  query?: z.ZodObject;
  /** Takes an Idempotency-Key header (lib/http/idempotency-key.ts): a repeat of one already used is refused, 409. */
  idempotent?: true;
  body?: { id: string; schema: z.ZodType; required: boolean; example: Record<string, unknown> };
  success: { status: 200 | 201; description: string; schema?: z.ZodType; secret?: boolean };
  /** Refusals particular to this operation; those of every key-authenticated route are added by the document. */
  errors: ErrorCode[];
}

const BODY_ERRORS: ErrorCode[] = ["bad_request", "validation_failed", "payload_too_large", "unsupported_media_type"];

/**
 * Every operation of the integrator API. Route handlers take their required scopes from here and the OpenAPI
 * document is built from it, so what is documented is what is enforced.
 */
export const API_OPERATIONS = {
  listKeys: {
    method: "get",
    path: "/keys",
    summary: "List keys",
    description:
      "The calling key's account's keys, newest first (revoked keys included until hidden in the dashboard), a page at a time: 100 unless `limit` says otherwise (at most 500). While `nextCursor` is not null more keys follow: ask again with `?cursor=<nextCursor>`. Pages follow each other by key, so a key made meanwhile neither repeats nor hides one.",
    auth: "key",
    scopes: ["keys:read"],
    query: listKeysQuerySchema,
    success: { status: 200, description: "A page of keys.", schema: keyListSchema },
    errors: ["validation_failed"],
  },
  createKey: {
    method: "post",
    path: "/keys",
    summary: "Create a key",
    description:
      "Creates a key for the calling key's account, with scopes the calling key holds itself (403 otherwise). The secret is in this response only. With `template`, the template's settings fill every field left out and each field sent overrides the template's; a template the account may not use (another account's, another plan's) is 404.",
    auth: "key",
    scopes: ["keys:write"],
    audit: "key.create",
    idempotent: true,
    retiringSecret: "refused",
    body: {
      id: "CreateKeyRequest",
      schema: apiCreateKeyRequestSchema,
      required: true,
      example: {
        name: "Order service",
        scopes: ["payments:read"],
        environment: "live",
        rateLimit: 600,
        rateLimitWindow: "minute",
      },
    },
    success: { status: 201, description: "The key, with its secret.", schema: issuedKeySchema, secret: true },
    errors: [...BODY_ERRORS, "plan_limit", "forbidden", "conflict", "not_found"],
  },
  getKey: {
    method: "get",
    path: "/keys/{id}",
    summary: "Get a key",
    description: "One key of the calling key's account.",
    auth: "key",
    scopes: ["keys:read"],
    success: { status: 200, description: "The key.", schema: apiKeySchema },
    errors: ["not_found"],
  },
  updateKey: {
    method: "patch",
    path: "/keys/{id}",
    summary: "Update a key",
    description:
      "Changes the fields sent and keeps the others. A revoked key cannot be changed (409); a key whose scopes, once changed, the calling key does not all hold cannot be changed either (403).",
    auth: "key",
    scopes: ["keys:write"],
    audit: "key.update",
    retiringSecret: "refused",
    body: {
      id: "UpdateKeyRequest",
      schema: apiKeyPatchSchema,
      required: true,
      example: { name: "Order service (EU)", rateLimit: 1200 },
    },
    success: { status: 200, description: "The key as it is now.", schema: apiKeySchema },
    errors: [...BODY_ERRORS, "plan_limit", "forbidden", "not_found", "conflict"],
  },
  rollKey: {
    method: "post",
    path: "/keys/{id}/roll",
    summary: "Roll a key",
    description:
      "Gives the key a new secret, returned in this response only. The current secret stops now or after the grace period. Only a key whose scopes the calling key all holds can be rolled (403). The body may be left out.",
    auth: "key",
    scopes: ["keys:write"],
    audit: "key.roll",
    idempotent: true,
    retiringSecret: "refused",
    body: { id: "RollKeyRequest", schema: apiRollKeySchema, required: false, example: { grace: "24h" } },
    success: { status: 200, description: "The key, with its new secret.", schema: issuedKeySchema, secret: true },
    errors: [...BODY_ERRORS, "plan_limit", "forbidden", "not_found", "conflict"],
  },
  disableKey: {
    method: "post",
    path: "/keys/{id}/disable",
    summary: "Disable a key",
    description:
      "Turns the key off at once, on every instance: every secret of it is refused (401) until it is enabled again. Nothing else changes; disabling a disabled key changes nothing. A revoked key cannot be disabled (409).",
    auth: "key",
    scopes: ["keys:write"],
    audit: "key.disable",
    retiringSecret: "refused",
    success: { status: 200, description: "The key as it is now.", schema: apiKeySchema },
    errors: ["forbidden", "not_found", "conflict"],
  },
  enableKey: {
    method: "post",
    path: "/keys/{id}/enable",
    summary: "Enable a key",
    description:
      "Turns a disabled key on again. As for a roll, only a key whose scopes the calling key all holds can be enabled (403), and only while the account's plan gives API access.",
    auth: "key",
    scopes: ["keys:write"],
    audit: "key.enable",
    retiringSecret: "refused",
    success: { status: 200, description: "The key as it is now.", schema: apiKeySchema },
    errors: ["plan_limit", "forbidden", "not_found", "conflict"],
  },
  endKeyGrace: {
    method: "post",
    path: "/keys/{id}/end-grace",
    summary: "End a rolled key's grace period now",
    description:
      "The key's old secrets, still working in the grace period of a roll, stop now; the current secret is untouched. A key with no old secret in grace answers 409.",
    auth: "key",
    scopes: ["keys:write"],
    audit: "key.end_secret",
    retiringSecret: "refused",
    success: { status: 200, description: "The key as it is now.", schema: apiKeySchema },
    errors: ["forbidden", "not_found", "conflict"],
  },
  revokeKey: {
    method: "delete",
    path: "/keys/{id}",
    summary: "Revoke a key",
    description: "Revokes the key: every secret of it stops at once, for good. Revoking a revoked key changes nothing.",
    auth: "key",
    scopes: ["keys:write"],
    audit: "key.revoke",
    retiringSecret: "refused",
    success: { status: 200, description: "The revoked key.", schema: apiKeySchema },
    errors: ["not_found"],
  },
  getKeyUsage: {
    method: "get",
    path: "/keys/{id}/usage",
    summary: "Get a key's usage",
    description: "Requests made with the key per day (UTC), successes and errors apart, and its most requested routes.",
    auth: "key",
    scopes: ["usage:read"],
    query: usageQuerySchema,
    success: { status: 200, description: "The key's usage.", schema: keyUsageSchema },
    errors: ["validation_failed", "not_found"],
  },
  listScopes: {
    method: "get",
    path: "/scopes",
    summary: "List scopes",
    description: "The scope catalogue. Admin-only scopes can only be granted by an admin; deprecated ones not at all.",
    auth: "key",
    scopes: [],
    success: { status: 200, description: "The catalogue.", schema: scopeListSchema },
    errors: [],
  },
  verifyKey: {
    method: "post",
    path: "/verify",
    summary: "Verify a key",
    description:
      "For the platform's own services: checks a key a client presented, optionally for scopes. Every well-formed request is answered 200; `valid` and `code` tell the outcome. A valid key's verification counts against its rate limit, and every verification of a known key is recorded as its usage: the call it was made for (method and path), the outcome and the time taken.",
    auth: "key",
    scopes: ["keys:verify"],
    body: {
      id: "VerifyKeyRequest",
      schema: verifyKeyRequestSchema,
      required: true,
      example: {
        key: "lk_live_…",
        scopes: ["payments:read"],
        method: "GET",
        path: "/v1/payments/42",
        ip: "203.0.113.7",
        tags: ["region=eu"],
      },
    },
    success: { status: 200, description: "The outcome.", schema: verifyResultSchema },
    errors: BODY_ERRORS,
  },
  reportCalls: {
    method: "post",
    path: "/verify/reports",
    summary: "Report how verified calls ended",
    description:
      "For the platform's own services: after serving a call it verified, the platform reports the status it answered and how long it took, by the eventId that POST /verify gave, so that the key owner's charts, success rate and latency show the real call. Up to 1,000 reports at once. Idempotent: a call is reported once; sending the same report again changes nothing and answers duplicate.",
    auth: "key",
    scopes: ["keys:verify"],
    body: {
      id: "CallReportsRequest",
      schema: callReportsRequestSchema,
      required: true,
      example: { reports: [{ eventId: "0193a4f2-7c1e-7d3a-9b2f-3c4d5e6f7a8b", status: 200, latencyMs: 87 }] },
    },
    success: { status: 200, description: "One result per report, in order.", schema: callReportsResultSchema },
    errors: BODY_ERRORS,
  },
  getMe: {
    method: "get",
    path: "/me",
    summary: "Describe the calling key",
    description: "The calling key's id, name, environment, account, scopes, expiry and remaining quota.",
    auth: "key",
    scopes: [],
    success: { status: 200, description: "The calling key.", schema: meSchema },
    errors: [],
  },
  listWebhooks: {
    method: "get",
    path: "/webhooks",
    summary: "List webhook endpoints",
    description: "The calling key's account's webhook endpoints, newest first (at most 20).",
    auth: "key",
    scopes: ["webhooks:manage"],
    success: { status: 200, description: "The endpoints.", schema: webhookEndpointListSchema },
    errors: [],
  },
  createWebhook: {
    method: "post",
    path: "/webhooks",
    summary: "Create a webhook endpoint",
    description:
      "Registers an endpoint that receives the account's events, signed the Standard Webhooks way. The signing secret is in this response only. At most 20 endpoints per account (409).",
    auth: "key",
    scopes: ["webhooks:manage"],
    audit: "webhook.create",
    idempotent: true,
    retiringSecret: "refused",
    body: {
      id: "CreateWebhookRequest",
      schema: createWebhookSchema,
      required: true,
      example: { url: "https://example.com/latchkey-events", description: "Billing", eventTypes: ["key.expiring"] },
    },
    success: { status: 201, description: "The endpoint, with its signing secret.", schema: issuedWebhookSchema, secret: true },
    errors: [...BODY_ERRORS, "conflict"],
  },
  getWebhook: {
    method: "get",
    path: "/webhooks/{id}",
    summary: "Get a webhook endpoint",
    description: "One endpoint of the calling key's account.",
    auth: "key",
    scopes: ["webhooks:manage"],
    success: { status: 200, description: "The endpoint.", schema: webhookEndpointSchema },
    errors: ["not_found"],
  },
  updateWebhook: {
    method: "patch",
    path: "/webhooks/{id}",
    summary: "Update a webhook endpoint",
    description:
      "Changes the fields sent. `enabled: false` stops deliveries (they wait); `enabled: true` resumes them, also after Latchkey disabled a failing endpoint.",
    auth: "key",
    scopes: ["webhooks:manage"],
    audit: "webhook.update",
    retiringSecret: "refused",
    body: { id: "UpdateWebhookRequest", schema: updateWebhookSchema, required: true, example: { enabled: true } },
    success: { status: 200, description: "The endpoint as it is now.", schema: webhookEndpointSchema },
    errors: [...BODY_ERRORS, "not_found"],
  },
  deleteWebhook: {
    method: "delete",
    path: "/webhooks/{id}",
    summary: "Delete a webhook endpoint",
    description: "Deletes the endpoint with its deliveries and their log.",
    auth: "key",
    scopes: ["webhooks:manage"],
    audit: "webhook.delete",
    retiringSecret: "refused",
    success: { status: 200, description: "The deleted endpoint.", schema: webhookEndpointSchema },
    errors: ["not_found"],
  },
  rollWebhookSecret: {
    method: "post",
    path: "/webhooks/{id}/roll-secret",
    summary: "Roll a webhook endpoint's signing secret",
    description: "A new signing secret, in this response only; messages are signed with it from now on, and the old one stops.",
    auth: "key",
    scopes: ["webhooks:manage"],
    audit: "webhook.roll_secret",
    idempotent: true,
    retiringSecret: "refused",
    success: { status: 200, description: "The endpoint, with its new secret.", schema: issuedWebhookSchema, secret: true },
    errors: ["not_found", "conflict"],
  },
  testWebhook: {
    method: "post",
    path: "/webhooks/{id}/test",
    summary: "Send a test message",
    description:
      "Queues a `webhook.test` message to the endpoint, sent at once and retried like any delivery. A disabled endpoint answers 409.",
    auth: "key",
    scopes: ["webhooks:manage"],
    audit: "webhook.test",
    retiringSecret: "refused",
    success: { status: 201, description: "The queued delivery.", schema: webhookDeliverySchema },
    errors: ["not_found", "conflict"],
  },
  listWebhookDeliveries: {
    method: "get",
    path: "/webhooks/{id}/deliveries",
    summary: "List an endpoint's deliveries",
    description:
      "The delivery log, newest first, 25 at a time unless `limit` says otherwise (at most 100): each message with its state and every attempt (headers sent, the answer's status and first 2 KB, or why there was none). While `nextCursor` is not null more follow.",
    auth: "key",
    scopes: ["webhooks:manage"],
    query: listDeliveriesQuerySchema,
    success: { status: 200, description: "A page of deliveries.", schema: webhookDeliveryListSchema },
    errors: ["validation_failed", "not_found"],
  },
  resendWebhookDelivery: {
    method: "post",
    path: "/webhooks/{id}/deliveries/{deliveryId}/resend",
    summary: "Resend a delivery",
    description:
      "Sends the message again from its first attempt, with the same webhook-id (receivers that already have it can drop it). A disabled endpoint answers 409.",
    auth: "key",
    scopes: ["webhooks:manage"],
    audit: "webhook.resend",
    retiringSecret: "refused",
    success: { status: 200, description: "The delivery, queued again.", schema: webhookDeliverySchema },
    errors: ["not_found", "conflict"],
  },
  listTemplates: {
    method: "get",
    path: "/templates",
    summary: "List key templates",
    description:
      "The templates a key of the calling key's account can be made from: those the platform's admins set for the account's plan (kind plan, read only), then the account's own (kind account), each by name.",
    auth: "key",
    scopes: ["keys:read"],
    success: { status: 200, description: "The templates.", schema: keyTemplateListSchema },
    errors: [],
  },
  createTemplate: {
    method: "post",
    path: "/templates",
    summary: "Save a key template",
    description:
      "Saves a template of the account's own: named key settings that POST /keys can start from (`template`). Its name is unique in the account, whatever the case (409); at most 50 per account (409). It may hold any scope a client can be granted; the plan and the maker's rights are checked when a key is made from it.",
    auth: "key",
    scopes: ["keys:write"],
    audit: "template.create",
    retiringSecret: "refused",
    body: {
      id: "CreateKeyTemplateRequest",
      schema: templateSettingsSchema,
      required: true,
      example: {
        name: "Read-only partner",
        scopes: ["payments:read", "customers:read"],
        environment: "live",
        expiresInDays: 90,
        rateLimit: 120,
        rateLimitWindow: "minute",
      },
    },
    success: { status: 201, description: "The template.", schema: keyTemplateSchema },
    errors: [...BODY_ERRORS, "conflict"],
  },
  getTemplate: {
    method: "get",
    path: "/templates/{id}",
    summary: "Get a key template",
    description: "One template the account may use: its own or one for its plan.",
    auth: "key",
    scopes: ["keys:read"],
    success: { status: 200, description: "The template.", schema: keyTemplateSchema },
    errors: ["not_found"],
  },
  updateTemplate: {
    method: "patch",
    path: "/templates/{id}",
    summary: "Update a key template",
    description:
      "Changes the fields sent of one of the account's own templates and keeps the others. Keys already made from it keep their settings. A plan template is not the account's to change (404, as for any template that is not its own).",
    auth: "key",
    scopes: ["keys:write"],
    audit: "template.update",
    retiringSecret: "refused",
    body: { id: "UpdateKeyTemplateRequest", schema: templatePatchSchema, required: true, example: { name: "Partner (EU)" } },
    success: { status: 200, description: "The template as it is now.", schema: keyTemplateSchema },
    errors: [...BODY_ERRORS, "not_found", "conflict"],
  },
  deleteTemplate: {
    method: "delete",
    path: "/templates/{id}",
    summary: "Delete a key template",
    description: "Deletes one of the account's own templates; keys made from it keep their settings.",
    auth: "key",
    scopes: ["keys:write"],
    audit: "template.delete",
    retiringSecret: "refused",
    success: { status: 200, description: "The template deleted.", schema: keyTemplateSchema },
    errors: ["not_found"],
  },
  getOpenApi: {
    method: "get",
    path: "/openapi.json",
    summary: "OpenAPI document",
    description: "This document. No key needed.",
    auth: "none",
    scopes: [],
    success: { status: 200, description: "The OpenAPI 3.1 document." },
    errors: [],
  },
} satisfies Record<string, ApiOperation>;

export type ApiOperationId = keyof typeof API_OPERATIONS;
