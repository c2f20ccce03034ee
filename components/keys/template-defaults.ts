import { addDays } from "date-fns";
import { isoDay } from "@/lib/format";
import type { TemplateSettings } from "@/lib/validations/key-template";
import type { KeySettingsDefaults } from "./key-settings-fields";

const EXPIRY_DAYS = new Set([7, 30, 90, 365]);

/** The form's expiry for a duration: one of its choices, or the date that many days from now. */
export function expiryChoiceFor(days: number | null, now = new Date()): { expiry: string; expiresOn?: string } {
  if (days === null) return { expiry: "never" };
  if (EXPIRY_DAYS.has(days)) return { expiry: String(days) };
  return { expiry: "date", expiresOn: isoDay(addDays(now, days)) };
}

/** A template's settings as the generate form's defaults, keeping the key's own name and description. */
export function keyDefaultsFrom(
  settings: TemplateSettings,
  keep: { name: string; description: string },
): KeySettingsDefaults & { environment: "live" | "test" } {
  return {
    ...keep,
    environment: settings.environment,
    scopes: settings.scopes,
    rateLimit: settings.rateLimit,
    rateLimitWindow: settings.rateLimitWindow,
    quotaLimit: settings.quota?.limit ?? null,
    quotaPeriod: settings.quota?.period ?? null,
    metadata: settings.metadata,
    ipAllowlist: settings.ipAllowlist,
    ...expiryChoiceFor(settings.expiresInDays),
  };
}

/** How a template's expiry reads in a list: "90 days", "Never". */
export function expiryLabel(days: number | null): string {
  if (days === null) return "Never";
  return days === 365 ? "1 year" : `${days} day${days === 1 ? "" : "s"}`;
}
