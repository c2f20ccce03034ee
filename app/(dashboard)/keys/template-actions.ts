"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/http/server-action";
import { createTemplate, deleteTemplate, updateTemplate } from "@/lib/keys/templates";
import { templateFormSchema, templateTargetSchema } from "@/lib/validations/key-template";

// The account's own key templates, from the generate form ("Save as template") and /keys/templates. As for keys, the
// account comes from the session (the page names it in an accountId field) and the member's role must allow keys.write.

export const saveTemplateAction = authedAction(
  templateFormSchema,
  async ({ settings, templateId }, { account, actor }) => {
    const template = templateId
      ? await updateTemplate(actor, { templateId, accountId: account.id }, settings)
      : await createTemplate(actor, { accountId: account.id }, settings);
    revalidatePath("/keys/templates");
    return { ok: true, templateId: template.id };
  },
  { arrays: ["scopes"], permission: "keys.write", account: "current", audit: "template.write" },
);

export const deleteTemplateAction = authedAction(
  templateTargetSchema,
  async ({ templateId }, { account, actor }) => {
    await deleteTemplate(actor, { templateId, accountId: account.id });
    revalidatePath("/keys/templates");
    return { ok: true };
  },
  { permission: "keys.write", account: "current", audit: "template.write" },
);
