import { listKeysPage } from "@/db/queries/keys";
import { createKey } from "@/lib/keys/lifecycle";
import { apiCreateKeyRequestSchema, listKeysQuerySchema } from "@/lib/validations/api-key";
import { readUsableTemplate } from "@/lib/keys/template-reads";
import { templateSettingsOf } from "@/lib/keys/template-settings";
import { keyRequestFrom } from "@/lib/api/key-request";
import { apiRoute } from "@/lib/api/gate/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { idempotencyKeyOf } from "@/lib/http/idempotency-key";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiActor } from "@/lib/api/api-actor";
import { jsonResponse, validationProblem } from "@/lib/http/envelope";
import { serializeKey } from "@/lib/api/serialize-key";

export const GET = apiRoute(
  async ({ auth, url }) => {
    const query = listKeysQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) throw validationProblem(query.error);
    // A page at a time, by key (keyset): the cursor is the previous page's last key, looked up within this account,
    // so another account's key id as a cursor answers an empty page and never reveals anything.
    const { cursor, limit } = query.data;
    const page = await listKeysPage(auth.key.accountId, { after: cursor, pageSize: limit, countAll: false });
    const now = new Date();
    return jsonResponse({ data: page.keys.map((key) => serializeKey(key, now)), nextCursor: page.nextAfter });
  },
  { scopes: API_OPERATIONS.listKeys.scopes },
);

export const POST = apiRoute(async (context) => {
  const body = await parseJsonBody(context.request, apiCreateKeyRequestSchema);
  const actor = apiActor(context);
  const { accountId } = context.auth.key;
  // A template of another account or plan is not found (and the attempt audited as key.create.denied).
  const template = body.template ? await readUsableTemplate(actor, accountId, body.template, "key.create") : null;
  const input = keyRequestFrom(body, template && templateSettingsOf(template), new Date());
  // The new key belongs to the calling key's owner, and may only have scopes that owner could grant.
  const submission = idempotencyKeyOf(context.request);
  const { key, secret } = await createKey(actor, accountId, {
    ...input,
    submission,
    ...(template && { fromTemplate: template.name }),
  });
  // The only time this secret leaves the server. jsonResponse marks every answer no-store.
  return jsonResponse({ key: serializeKey(key), secret }, { status: 201, headers: { Location: `/api/v1/keys/${key.id}` } });
}, API_OPERATIONS.createKey);
