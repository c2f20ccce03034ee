import { findKeyForAccount } from "@/db/queries/keys";
import { revokeKey, updateKey } from "@/lib/keys/lifecycle";
import { notFound } from "@/lib/errors";
import { apiKeyPatchSchema } from "@/lib/validations/api-key";
import { apiRoute, ownKeyRef } from "@/lib/api/gate/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { mergeKeyPatch } from "@/lib/api/key-patch";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiActor } from "@/lib/api/api-actor";
import { jsonResponse } from "@/lib/http/envelope";
import { serializeKey } from "@/lib/api/serialize-key";

type Params = { id: string };

export const GET = apiRoute<Params>(
  async (context) => {
    const key = await findKeyForAccount(ownKeyRef(context));
    if (!key) throw notFound();
    return jsonResponse(serializeKey(key));
  },
  { scopes: API_OPERATIONS.getKey.scopes },
);

export const PATCH = apiRoute<Params>(async (context) => {
  const ref = ownKeyRef(context);
  const patch = await parseJsonBody(context.request, apiKeyPatchSchema);
  // Merged over the key as it is once locked, so concurrent patches of different fields both land.
  const updated = await updateKey(apiActor(context), ref, (current) => mergeKeyPatch(current, patch));
  return jsonResponse(serializeKey(updated));
}, API_OPERATIONS.updateKey);

export const DELETE = apiRoute<Params>(async (context) => {
  const revoked = await revokeKey(apiActor(context), ownKeyRef(context));
  return jsonResponse(serializeKey(revoked));
}, API_OPERATIONS.revokeKey);
