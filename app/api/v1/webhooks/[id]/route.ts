import { deleteEndpoint, updateEndpoint } from "@/lib/webhooks/endpoints";
import { readEndpoint } from "@/lib/webhooks/reads";
import { updateWebhookSchema } from "@/lib/validations/webhook";
import { apiRoute } from "@/lib/api/gate/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiActor } from "@/lib/api/api-actor";
import { jsonResponse } from "@/lib/http/envelope";
import { serializeEndpoint } from "@/lib/api/serialize-webhook";
import { ownWebhookRef } from "@/lib/api/webhook-ref";

type Params = { id: string };

export const GET = apiRoute<Params>(
  async (context) => {
    const { id, owner } = ownWebhookRef(context);
    return jsonResponse(serializeEndpoint(await readEndpoint(apiActor(context), owner, id)));
  },
  { scopes: API_OPERATIONS.getWebhook.scopes },
);

export const PATCH = apiRoute<Params>(async (context) => {
  const { id, owner } = ownWebhookRef(context);
  const patch = await parseJsonBody(context.request, updateWebhookSchema);
  return jsonResponse(serializeEndpoint(await updateEndpoint(apiActor(context), owner, id, patch)));
}, API_OPERATIONS.updateWebhook);

export const DELETE = apiRoute<Params>(async (context) => {
  const { id, owner } = ownWebhookRef(context);
  return jsonResponse(serializeEndpoint(await deleteEndpoint(apiActor(context), owner, id)));
}, API_OPERATIONS.deleteWebhook);
