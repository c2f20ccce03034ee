import { createTemplate } from "@/lib/keys/templates";
import { listUsableTemplates } from "@/lib/keys/template-reads";
import { templateSettingsSchema } from "@/lib/validations/key-template";
import { apiRoute } from "@/lib/api/gate/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiActor } from "@/lib/api/api-actor";
import { jsonResponse } from "@/lib/http/envelope";
import { serializeTemplate } from "@/lib/api/serialize-template";

export const GET = apiRoute(
  async ({ auth }) => {
    const templates = await listUsableTemplates(auth.key.accountId);
    return jsonResponse({ data: templates.map(serializeTemplate) });
  },
  { scopes: API_OPERATIONS.listTemplates.scopes },
);

export const POST = apiRoute(async (context) => {
  const settings = await parseJsonBody(context.request, templateSettingsSchema);
  const template = await createTemplate(apiActor(context), { accountId: context.auth.key.accountId }, settings);
  return jsonResponse(serializeTemplate(template), {
    status: 201,
    headers: { Location: `/api/v1/templates/${template.id}` },
  });
}, API_OPERATIONS.createTemplate);
