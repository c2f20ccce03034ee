import { listEndpoints } from "@/db/queries/webhooks";
import { createEndpoint } from "@/lib/webhooks/endpoints";
import { createWebhookSchema } from "@/lib/validations/webhook";
import { idempotencyKeyOf } from "@/lib/http/idempotency-key";
import { apiRoute } from "@/lib/api/gate/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiActor } from "@/lib/api/api-actor";
import { jsonResponse } from "@/lib/http/envelope";
import { serializeEndpoint } from "@/lib/api/serialize-webhook";

export const GET = apiRoute(
  async ({ auth }) => {
    const endpoints = await listEndpoints({ accountId: auth.key.accountId });
    return jsonResponse({ data: endpoints.map(serializeEndpoint) });
  },
  { scopes: API_OPERATIONS.listWebhooks.scopes },
);

export const POST = apiRoute(async (context) => {
  const input = await parseJsonBody(context.request, createWebhookSchema);
  const { endpoint, secret } = await createEndpoint(apiActor(context), { accountId: context.auth.key.accountId }, input, {
    submission: idempotencyKeyOf(context.request),
  });
  // The only time this secret leaves the server. jsonResponse marks every answer no-store.
  return jsonResponse(
    { endpoint: serializeEndpoint(endpoint), secret },
    { status: 201, headers: { Location: `/api/v1/webhooks/${endpoint.id}` } },
  );
}, API_OPERATIONS.createWebhook);
