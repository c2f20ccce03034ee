"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/http/server-action";
import { createTemplate, deleteTemplate, updateTemplate } from "@/lib/keys/templates";
import { templateFormSchema, templateTargetSchema } from "@/lib/validations/key-template";

// Plan templates: the admins' own, offered to every account of their plan (or of every plan, "all").

export const savePlanTemplateAction = authedAction(
  templateFormSchema,
  async ({ settings, templateId, plan: chosen }, { actor }) => {
    const plan = !chosen || chosen === "all" ? null : chosen;
    const template = templateId
      ? await updateTemplate(actor, { templateId, accountId: null }, settings, { plan })
      : await createTemplate(actor, { accountId: null }, settings, { plan });
    revalidatePath("/admin/templates");
    return { ok: true, templateId: template.id };
  },
  { arrays: ["scopes"], role: "admin", audit: "template.write" },
);

export const deletePlanTemplateAction = authedAction(
  templateTargetSchema,
  async ({ templateId }, { actor }) => {
    await deleteTemplate(actor, { templateId, accountId: null });
    revalidatePath("/admin/templates");
    return { ok: true };
  },
  { role: "admin", audit: "template.write" },
);
