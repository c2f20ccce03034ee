import type { KeyTemplate, NewKeyTemplate } from "@/db/schema";
import type { TemplateSettings } from "@/lib/validations/key-template";

// A template's row and its settings, both ways: one place that knows the quota is two columns.

export function templateSettingsOf(row: KeyTemplate): TemplateSettings {
  return {
    name: row.name,
    description: row.description,
    scopes: row.scopes,
    environment: row.environment,
    expiresInDays: row.expiresInDays,
    rateLimit: row.rateLimit,
    rateLimitWindow: row.rateLimitWindow,
    quota:
      row.usageQuota !== null && row.usageQuotaPeriod !== null ? { limit: row.usageQuota, period: row.usageQuotaPeriod } : null,
    ipAllowlist: row.ipAllowlist,
    metadata: row.metadata,
  };
}

export function templateRowValues(settings: TemplateSettings): Omit<NewKeyTemplate, "accountId" | "plan" | "createdBy"> {
  const { quota, ...rest } = settings;
  return { ...rest, usageQuota: quota?.limit ?? null, usageQuotaPeriod: quota?.period ?? null };
}
