import { rollKey } from "@/lib/keys/lifecycle";
import { apiRollKeySchema } from "@/lib/validations/api-key";
import { apiRoute, ownKeyRef } from "@/lib/api/gate/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { idempotencyKeyOf } from "@/lib/http/idempotency-key";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiActor } from "@/lib/api/api-actor";
import { jsonResponse } from "@/lib/http/envelope";
import { serializeKey } from "@/lib/api/serialize-key";

export const POST = apiRoute<{ id: string }>(async (context) => {
  const ref = ownKeyRef(context);
  // Every field has a default, so `curl -X POST …/roll` with no body rolls with no grace.
  const { grace } = await parseJsonBody(context.request, apiRollKeySchema, { allowEmpty: true });
  const { key, secret } = await rollKey(apiActor(context), ref, grace, { submission: idempotencyKeyOf(context.request) });
  // The only time the new secret leaves the server. jsonResponse marks every answer no-store.
  return jsonResponse({ key: serializeKey(key), secret });
}, API_OPERATIONS.rollKey);
