import { setKeyDisabled } from "@/lib/keys/key-switches";
import { apiRoute, ownKeyRef } from "@/lib/api/gate/api-route";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiActor } from "@/lib/api/api-actor";
import { jsonResponse } from "@/lib/http/envelope";
import { serializeKey } from "@/lib/api/serialize-key";

export const POST = apiRoute<{ id: string }>(async (context) => {
  const key = await setKeyDisabled(apiActor(context), ownKeyRef(context), false);
  return jsonResponse(serializeKey(key));
}, API_OPERATIONS.enableKey);
