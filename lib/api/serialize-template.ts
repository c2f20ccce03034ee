import type { KeyTemplate } from "@/db/schema";
import { templateSettingsOf } from "@/lib/keys/template-settings";
import type { KeyTemplateBody } from "./template-schemas";

/** A template as the API shows it: fields picked one by one (who made it stays in the audit trail). */
export function serializeTemplate(template: KeyTemplate): KeyTemplateBody {
  const { name, description, scopes, environment, expiresInDays, rateLimit, rateLimitWindow, quota, ipAllowlist, metadata } =
    templateSettingsOf(template);
  return {
    id: template.id,
    kind: template.accountId === null ? "plan" : "account",
    plan: template.plan,
    name,
    description,
    scopes,
    environment,
    expiresInDays,
    rateLimit,
    rateLimitWindow,
    quota,
    ipAllowlist,
    metadata,
    createdAt: template.createdAt.toISOString(),
    updatedAt: template.updatedAt.toISOString(),
  };
}
