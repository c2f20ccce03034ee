import { listKeysForAccount } from "@/db/queries/keys";
import { createKey } from "@/lib/keys/lifecycle";
import { apiCreateKeySchema } from "@/lib/validations/api-key";
import { apiRoute } from "@/lib/api/gate/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiActor } from "@/lib/api/api-actor";
import { jsonResponse } from "@/lib/http/envelope";
import { serializeKey } from "@/lib/api/serialize-key";

export const GET = apiRoute(
  async ({ auth }) => {
    const now = new Date();
    const keys = await listKeysForAccount(auth.key.accountId);
    return jsonResponse({ data: keys.map((key) => serializeKey(key, now)) });
  },
  { scopes: API_OPERATIONS.listKeys.scopes },
);

export const POST = apiRoute(async (context) => {
  const input = await parseJsonBody(context.request, apiCreateKeySchema);
  // The new key belongs to the calling key's owner, and may only have scopes that owner could grant.
  const { key, secret } = await createKey(apiActor(context), context.auth.key.accountId, input);
  // The only time this secret leaves the server. jsonResponse marks every answer no-store.
  return jsonResponse({ key: serializeKey(key), secret }, { status: 201, headers: { Location: `/api/v1/keys/${key.id}` } });
}, API_OPERATIONS.createKey);
