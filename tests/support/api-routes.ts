import * as keysRoute from "@/app/api/v1/keys/route";
import * as keyRoute from "@/app/api/v1/keys/[id]/route";
import * as rollRoute from "@/app/api/v1/keys/[id]/roll/route";
import * as usageRoute from "@/app/api/v1/keys/[id]/usage/route";
import * as disableRoute from "@/app/api/v1/keys/[id]/disable/route";
import * as enableRoute from "@/app/api/v1/keys/[id]/enable/route";
import * as endGraceRoute from "@/app/api/v1/keys/[id]/end-grace/route";
import * as meRoute from "@/app/api/v1/me/route";
import * as scopesRoute from "@/app/api/v1/scopes/route";
import * as reportsRoute from "@/app/api/v1/verify/reports/route";
import * as verifyRoute from "@/app/api/v1/verify/route";
import * as webhooksRoute from "@/app/api/v1/webhooks/route";
import * as webhookRoute from "@/app/api/v1/webhooks/[id]/route";
import * as webhookRollRoute from "@/app/api/v1/webhooks/[id]/roll-secret/route";
import * as webhookTestRoute from "@/app/api/v1/webhooks/[id]/test/route";
import * as webhookDeliveriesRoute from "@/app/api/v1/webhooks/[id]/deliveries/route";
import * as webhookResendRoute from "@/app/api/v1/webhooks/[id]/deliveries/[deliveryId]/resend/route";
import * as templatesRoute from "@/app/api/v1/templates/route";
import * as templateRoute from "@/app/api/v1/templates/[id]/route";
import { findEndpoint } from "@/db/queries/webhooks";
import { findAccountTemplate } from "@/db/queries/key-templates";
import { getDb } from "@/db";
import { createTemplate } from "@/lib/keys/templates";
import { templateSettingsSchema } from "@/lib/validations/key-template";
import type { User } from "@/db/schema";
import type { API_OPERATIONS, ApiOperation, ApiOperationId } from "@/lib/api/operations";
import { createEndpoint, sendTestMessage } from "@/lib/webhooks/endpoints";
import { sendWebhooksSoon } from "@/lib/webhooks/sender";
import { createWebhookSchema } from "@/lib/validations/webhook";
import type { RouteHandler } from "./api";
import { createKeyInput, memberActor } from "./factories";
import { createKey, rollKey } from "@/lib/keys/lifecycle";
import { listSecretsInGrace } from "@/db/queries/keys";

/** Every operation of lib/api/operations.ts that a key must authenticate. */
export type KeyOperationId = {
  [Id in ApiOperationId]: (typeof API_OPERATIONS)[Id]["auth"] extends "key" ? Id : never;
}[ApiOperationId];

export interface RouteUnderTest {
  method: Uppercase<ApiOperation["method"]>;
  // biome-ignore lint/suspicious/noExplicitAny: handlers differ only in their params
  handler: RouteHandler<any>;
  /**
   * A body the route accepts, so that a check fails at the gate and nowhere else. `target` is another key of the
   * calling key's account.
   */
  body?: (context: { target: { secret: string } }) => unknown;
  /**
   * For a route whose path names something other than a key: makes one in an account (as its owner) and answers the
   * path's params, how it reads back (to show a refusal changed nothing) and the 404's message. Without it the
   * path's {id} is a key of the account.
   */
  subject?: RouteSubject;
}

export interface RouteSubject {
  make(owner: User, accountId: string): Promise<Record<string, string>>;
  read(params: Record<string, string>, accountId: string): Promise<unknown>;
  notFoundMessage: string;
}

// A port nothing listens on: deliveries the checks cause fail at once (or are refused as loopback) and reach nobody.
const NOWHERE = "http://127.0.0.1:9/common-route-checks";

async function endpointOf(owner: User, accountId: string) {
  const actor = memberActor(owner, accountId, "owner");
  return (await createEndpoint(actor, { accountId }, createWebhookSchema.parse({ url: NOWHERE }))).endpoint;
}

const webhookEndpoint: RouteSubject = {
  make: async (owner, accountId) => ({ id: (await endpointOf(owner, accountId)).id }),
  read: ({ id }, accountId) => findEndpoint(id, { accountId }),
  notFoundMessage: "Webhook endpoint not found.",
};

// A key rolled an hour ago with a day's grace: its old secret still works, so ending the grace has something to end.
const keyInGrace: RouteSubject = {
  make: async (owner, accountId) => {
    const actor = memberActor(owner, accountId, "owner");
    const { key } = await createKey(actor, accountId, createKeyInput({ name: "In grace", scopes: ["payments:read"] }));
    await rollKey(actor, { keyId: key.id, accountId }, "24h");
    return { id: key.id };
  },
  read: async ({ id }, accountId) => listSecretsInGrace({ keyId: id, accountId }),
  notFoundMessage: "Key not found.",
};

const webhookDelivery: RouteSubject = {
  make: async (owner, accountId) => {
    const endpoint = await endpointOf(owner, accountId);
    const delivery = await sendTestMessage(memberActor(owner, accountId, "owner"), { accountId }, endpoint.id);
    // Its first attempt (which fails: nothing listens there) is over before a check reads the endpoint back.
    await sendWebhooksSoon.settled();
    return { id: endpoint.id, deliveryId: delivery.id };
  },
  read: ({ id }, accountId) => findEndpoint(id, { accountId }),
  notFoundMessage: "Webhook endpoint not found.",
};

const keyTemplate: RouteSubject = {
  make: async (owner, accountId) => {
    const settings = templateSettingsSchema.parse({
      name: `Template ${Math.random().toString(36).slice(2)}`,
      scopes: ["payments:read"],
      rateLimit: 60,
      rateLimitWindow: "minute",
    });
    return { id: (await createTemplate(memberActor(owner, accountId, "owner"), { accountId }, settings)).id };
  },
  read: async ({ id }, accountId) => findAccountTemplate({ templateId: id, accountId }, await getDb()),
  notFoundMessage: "Template not found.",
};

/**
 * Every key-authenticated route, by operationId: the handler that serves it and a valid body where it takes one.
 * integration/api/v1/common-route-checks.test.ts runs the checks every such route must pass against each entry,
 * and fails when an operation is missing here, so a new route cannot skip them.
 */
export const KEY_ROUTES: Record<KeyOperationId, RouteUnderTest> = {
  listKeys: { method: "GET", handler: keysRoute.GET },
  createKey: {
    method: "POST",
    handler: keysRoute.POST,
    body: () => ({
      name: "Common checks",
      scopes: ["payments:read"],
      environment: "live",
      rateLimit: 60,
      rateLimitWindow: "minute",
    }),
  },
  getKey: { method: "GET", handler: keyRoute.GET },
  updateKey: { method: "PATCH", handler: keyRoute.PATCH, body: () => ({ name: "Renamed by the common checks" }) },
  rollKey: { method: "POST", handler: rollRoute.POST, body: () => ({ grace: "1h" }) },
  disableKey: { method: "POST", handler: disableRoute.POST },
  enableKey: { method: "POST", handler: enableRoute.POST },
  endKeyGrace: { method: "POST", handler: endGraceRoute.POST, subject: keyInGrace },
  revokeKey: { method: "DELETE", handler: keyRoute.DELETE },
  getKeyUsage: { method: "GET", handler: usageRoute.GET },
  listScopes: { method: "GET", handler: scopesRoute.GET },
  verifyKey: { method: "POST", handler: verifyRoute.POST, body: ({ target }) => ({ key: target.secret }) },
  reportCalls: {
    method: "POST",
    handler: reportsRoute.POST,
    body: () => ({ reports: [{ eventId: "0193a4f2-7c1e-7d3a-9b2f-3c4d5e6f7a8b", status: 200, latencyMs: 5 }] }),
  },
  getMe: { method: "GET", handler: meRoute.GET },
  listWebhooks: { method: "GET", handler: webhooksRoute.GET },
  createWebhook: {
    method: "POST",
    handler: webhooksRoute.POST,
    body: () => ({ url: NOWHERE, description: "Common checks", eventTypes: ["key.created"] }),
  },
  getWebhook: { method: "GET", handler: webhookRoute.GET, subject: webhookEndpoint },
  updateWebhook: {
    method: "PATCH",
    handler: webhookRoute.PATCH,
    body: () => ({ description: "Changed" }),
    subject: webhookEndpoint,
  },
  deleteWebhook: { method: "DELETE", handler: webhookRoute.DELETE, subject: webhookEndpoint },
  rollWebhookSecret: { method: "POST", handler: webhookRollRoute.POST, subject: webhookEndpoint },
  testWebhook: { method: "POST", handler: webhookTestRoute.POST, subject: webhookEndpoint },
  listWebhookDeliveries: { method: "GET", handler: webhookDeliveriesRoute.GET, subject: webhookEndpoint },
  resendWebhookDelivery: { method: "POST", handler: webhookResendRoute.POST, subject: webhookDelivery },
  listTemplates: { method: "GET", handler: templatesRoute.GET },
  createTemplate: {
    method: "POST",
    handler: templatesRoute.POST,
    body: () => ({ name: "Common checks", scopes: ["payments:read"], rateLimit: 60, rateLimitWindow: "minute" }),
  },
  getTemplate: { method: "GET", handler: templateRoute.GET, subject: keyTemplate },
  updateTemplate: { method: "PATCH", handler: templateRoute.PATCH, body: () => ({ name: "Renamed" }), subject: keyTemplate },
  deleteTemplate: { method: "DELETE", handler: templateRoute.DELETE, subject: keyTemplate },
};
