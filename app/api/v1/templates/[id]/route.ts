import { deleteTemplate, updateTemplate } from "@/lib/keys/templates";
import { readUsableTemplate } from "@/lib/keys/template-reads";
import { templatePatchSchema } from "@/lib/validations/key-template";
import { apiRoute } from "@/lib/api/gate/api-route";
import { parseJsonBody } from "@/lib/http/json-body";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiActor } from "@/lib/api/api-actor";
import { jsonResponse } from "@/lib/http/envelope";
import { serializeTemplate } from "@/lib/api/serialize-template";
import { ownTemplateRef } from "@/lib/api/template-ref";

type Params = { id: string };

export const GET = apiRoute<Params>(
  async (context) => {
    const { templateId, accountId } = ownTemplateRef(context);
    return jsonResponse(serializeTemplate(await readUsableTemplate(apiActor(context), accountId, templateId, "template.view")));
  },
  { scopes: API_OPERATIONS.getTemplate.scopes },
);

export const PATCH = apiRoute<Params>(async (context) => {
  const ref = ownTemplateRef(context);
  const patch = await parseJsonBody(context.request, templatePatchSchema);
  return jsonResponse(serializeTemplate(await updateTemplate(apiActor(context), ref, patch)));
}, API_OPERATIONS.updateTemplate);

export const DELETE = apiRoute<Params>(async (context) => {
  return jsonResponse(serializeTemplate(await deleteTemplate(apiActor(context), ownTemplateRef(context))));
}, API_OPERATIONS.deleteTemplate);
