import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, type Transaction } from "@/db";
import {
  deleteEndpointRow,
  type EndpointOwner,
  findDelivery,
  findEndpoint,
  insertDeliveries,
  insertEndpoint,
  listEndpoints,
  lockEndpointsOf,
  requeueDelivery,
  updateEndpointRow,
} from "@/db/queries/webhooks";
import type { AuditChanges, WebhookDelivery, WebhookEndpoint } from "@/db/schema";
import { guardedOwnerCommand } from "@/lib/accounts/owner-guard";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/errors";
import type { CreateWebhookInput, UpdateWebhookInput } from "@/lib/validations/webhook";
import { claimOnce } from "@/lib/submissions";
import { newSigningSecret, sealSecret } from "./secret-box";
import { sendWebhooksSoon } from "./sender";

// The commands on webhook endpoints, for the dashboard and the API alike: each checks who may act, changes the rows in
// one transaction with its audit row (never the secret), and audits a refusal (another owner's endpoint id: not found)
// as `<action>.denied`. An account's endpoints are managed by its admins and owners (account.settings) or a key of
// the account with webhooks:manage; platform-wide endpoints (no account) by platform admins in the dashboard only.

export type WebhookAction =
  | "webhook.create"
  | "webhook.update"
  | "webhook.delete"
  | "webhook.roll_secret"
  | "webhook.test"
  | "webhook.resend";

// Enough for an account's services and environments; a bound on the fan-out of each event.
export const MAX_ENDPOINTS_PER_OWNER = 20;

export const TEST_EVENT_TYPE = "webhook.test";

const OWNER_RULE = { permission: "account.settings", platformRefusal: "Only admins manage platform-wide endpoints." } as const;

function guardedWebhook<T>(actor: Actor, action: WebhookAction, owner: EndpointOwner, change: () => Promise<T>): Promise<T> {
  return guardedOwnerCommand(actor, action, owner, OWNER_RULE, change);
}

function audit(
  tx: Transaction,
  actor: Actor,
  action: WebhookAction,
  owner: EndpointOwner,
  endpointId: string,
  changes: AuditChanges = {},
) {
  // A platform-wide endpoint's row goes to the acting admin's own trail (and the admins' view of every row).
  return recordAudit(
    tx,
    auditEntry(actor, action, { accountId: owner.accountId ?? actor.userId }, { endpoint: { to: endpointId }, ...changes }),
  );
}

async function lockedEndpoint(tx: Transaction, id: string, owner: EndpointOwner): Promise<WebhookEndpoint> {
  const endpoint = await findEndpoint(id, owner, tx, { forUpdate: true });
  if (!endpoint) throw notFound("Webhook endpoint");
  return endpoint;
}

/** The token of the form (or the API's Idempotency-Key) that asked for a secret: lib/submissions.ts. */
interface Once {
  submission?: string;
}

const scopeOf = (owner: EndpointOwner) => owner.accountId ?? "platform";

/** Makes an endpoint; its signing secret is in this answer only. */
export function createEndpoint(actor: Actor, owner: EndpointOwner, input: CreateWebhookInput, { submission }: Once = {}) {
  return guardedWebhook(actor, "webhook.create", owner, async () => {
    const db = await getDb();
    return db.transaction(async (tx) => {
      await claimOnce(tx, scopeOf(owner), submission, "webhook.create");
      await lockEndpointsOf(tx, owner);
      const existing = await listEndpoints(owner, tx);
      if (existing.length >= MAX_ENDPOINTS_PER_OWNER) {
        throw new AppError("conflict", `At most ${MAX_ENDPOINTS_PER_OWNER} webhook endpoints; delete one first.`);
      }
      const id = randomUUID();
      const secret = newSigningSecret();
      const endpoint = await insertEndpoint(tx, {
        id,
        accountId: owner.accountId,
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        secretCiphertext: sealSecret(secret, id),
        createdByUserId: actor.userId,
      });
      await audit(tx, actor, "webhook.create", owner, id, {
        url: { to: input.url },
        eventTypes: { to: input.eventTypes },
      });
      return { endpoint, secret };
    });
  });
}

export function updateEndpoint(actor: Actor, owner: EndpointOwner, id: string, patch: UpdateWebhookInput) {
  return guardedWebhook(actor, "webhook.update", owner, async () => {
    const db = await getDb();
    const updated = await db.transaction(async (tx) => {
      const current = await lockedEndpoint(tx, id, owner);
      const changes: AuditChanges = {};
      for (const field of ["url", "description", "eventTypes", "enabled"] as const) {
        const to = patch[field];
        if (to !== undefined && JSON.stringify(to) !== JSON.stringify(current[field]))
          changes[field] = { from: current[field], to };
      }
      if (Object.keys(changes).length === 0) return current;
      const enabling = patch.enabled === true && !current.enabled;
      const disabling = patch.enabled === false && current.enabled;
      const endpoint = await updateEndpointRow(tx, id, {
        ...(patch.url !== undefined && { url: patch.url }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.eventTypes !== undefined && { eventTypes: patch.eventTypes }),
        ...(enabling && { enabled: true, disabledReason: null, disabledAt: null, failingSince: null }),
        ...(disabling && { enabled: false, disabledReason: "manual", disabledAt: new Date() }),
      });
      await audit(tx, actor, "webhook.update", owner, id, changes);
      return endpoint;
    });
    // Enabled again: what waited for it is due.
    if (patch.enabled) void sendWebhooksSoon();
    return updated;
  });
}

export function deleteEndpoint(actor: Actor, owner: EndpointOwner, id: string) {
  return guardedWebhook(actor, "webhook.delete", owner, async () => {
    const db = await getDb();
    return db.transaction(async (tx) => {
      const endpoint = await lockedEndpoint(tx, id, owner);
      // Its deliveries and their attempts go with it (ON DELETE CASCADE).
      await deleteEndpointRow(tx, id);
      await audit(tx, actor, "webhook.delete", owner, id, { url: { from: endpoint.url } });
      return endpoint;
    });
  });
}

/** A new signing secret, in this answer only; the old one stops at once (deliveries already signed stay signed). */
export function rollEndpointSecret(actor: Actor, owner: EndpointOwner, id: string, { submission }: Once = {}) {
  return guardedWebhook(actor, "webhook.roll_secret", owner, async () => {
    const db = await getDb();
    return db.transaction(async (tx) => {
      await claimOnce(tx, scopeOf(owner), submission, "webhook.roll_secret");
      await lockedEndpoint(tx, id, owner);
      const secret = newSigningSecret();
      const endpoint = await updateEndpointRow(tx, id, { secretCiphertext: sealSecret(secret, id) });
      await audit(tx, actor, "webhook.roll_secret", owner, id);
      return { endpoint, secret };
    });
  });
}

/** Queues a `webhook.test` message to the endpoint, sent at once like any delivery (retried too). */
export function sendTestMessage(actor: Actor, owner: EndpointOwner, id: string): Promise<WebhookDelivery> {
  return guardedWebhook(actor, "webhook.test", owner, async () => {
    const db = await getDb();
    const delivery = await db.transaction(async (tx) => {
      const endpoint = await lockedEndpoint(tx, id, owner);
      if (!endpoint.enabled) throw new AppError("conflict", "The endpoint is disabled; enable it first.");
      const messageId = `msg_${randomUUID()}`;
      const now = new Date();
      const [queued] = await insertDeliveries(tx, [
        {
          endpointId: id,
          accountId: owner.accountId,
          eventType: TEST_EVENT_TYPE,
          messageId,
          payload: {
            type: TEST_EVENT_TYPE,
            timestamp: now.toISOString(),
            data: { endpointId: id, message: "A test message from Latchkey: the endpoint receives and verifies events." },
          },
        },
      ]);
      await audit(tx, actor, "webhook.test", owner, id, { delivery: { to: queued.id } });
      return queued;
    });
    void sendWebhooksSoon();
    return delivery;
  });
}

/** Sends a delivery again from its first attempt, with its message id (receivers see it as the same message). */
export function resendDelivery(actor: Actor, owner: EndpointOwner, endpointId: string, deliveryId: string) {
  return guardedWebhook(actor, "webhook.resend", owner, async () => {
    const db = await getDb();
    const delivery = await db.transaction(async (tx) => {
      const endpoint = await lockedEndpoint(tx, endpointId, owner);
      if (!(await findDelivery(owner, endpointId, deliveryId, tx))) throw notFound("Delivery");
      if (!endpoint.enabled) throw new AppError("conflict", "The endpoint is disabled; enable it first.");
      const requeued = await requeueDelivery(tx, owner, endpointId, deliveryId, new Date());
      if (!requeued) {
        throw new AppError("conflict", "The delivery is being sent right now; resend it once this attempt is recorded.");
      }
      await audit(tx, actor, "webhook.resend", owner, endpointId, { delivery: { to: deliveryId } });
      return requeued;
    });
    void sendWebhooksSoon();
    return delivery;
  });
}
