import "server-only";
import { Webhook } from "standardwebhooks";
import { endpointsSendingTo, listEndpoints } from "@/db/queries/webhooks";
import { findUserByEmail } from "@/db/queries/users";
import type { Actor } from "@/lib/audit/actor";
import { logger } from "@/lib/infra/logger";
import { createEndpoint } from "@/lib/webhooks/endpoints";
import { openSecret } from "@/lib/webhooks/secret-box";
import { DEMO_ACCOUNTS } from "./accounts";
import { demoReceiverUrl } from "./demo-urls";

/**
 * An endpoint of Alice's sending every event to the demo receiver, so that right after the first start a change to
 * one of her keys shows a signed delivery in her webhook log (and a line in the server's log). Seeded while her
 * account has no endpoint at all, like the rest of the demo seed.
 */
export async function seedDemoWebhook(): Promise<void> {
  const alice = await findUserByEmail(DEMO_ACCOUNTS[1].email);
  if (!alice || (await listEndpoints({ accountId: alice.id })).length > 0) return;
  const actor: Actor = {
    userId: alice.id,
    keyId: null,
    role: "client",
    ip: null,
    userAgent: "seed",
    member: { accountId: alice.id, role: "owner" },
  };
  // The secret is thrown away: the demo receiver reads it back from the endpoint, as no real receiver could.
  await createEndpoint(
    actor,
    { accountId: alice.id },
    {
      url: demoReceiverUrl(),
      description: "Demo receiver in this server: verifies each message and logs it (see the server's log).",
      eventTypes: [],
    },
  );
}

/**
 * The demo receiver: verifies a message as a platform would (standardwebhooks, with the secret of the endpoint that
 * sends here) and logs what it got; 204, or 400 for a message that does not verify.
 */
export async function receiveDemoWebhook(request: Request): Promise<Response> {
  const body = await request.text();
  const headers = Object.fromEntries(request.headers);
  for (const endpoint of await endpointsSendingTo(demoReceiverUrl())) {
    try {
      const message = new Webhook(openSecret(endpoint.secretCiphertext, endpoint.id)).verify(body, headers) as {
        type?: string;
      };
      logger.info(
        { webhookId: headers["webhook-id"], type: message.type, endpointId: endpoint.id },
        "demo receiver: webhook verified",
      );
      return new Response(null, { status: 204 });
    } catch {
      // Another endpoint's secret, perhaps: try the next.
    }
  }
  logger.warn({ webhookId: headers["webhook-id"] }, "demo receiver: webhook did not verify");
  return Response.json({ error: { code: "invalid_signature", message: "The signature does not verify." } }, { status: 400 });
}
