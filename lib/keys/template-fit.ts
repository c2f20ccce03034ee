import type { ScopeOption } from "@/lib/scopes";
import type { TemplateSettings } from "@/lib/validations/key-template";
import { perMinute, perMonth } from "@/lib/plans/limits";

/** What the account's plan and the member's role allow, as far as a template must fit in it. */
export interface TemplateBounds {
  planName: string;
  /** Null: no plan bounds it (the platform's own account). */
  maxRequestsPerMinute: number | null;
  maxUsageQuotaPerMonth: number | null;
  /** The scopes as the key form offers them to this member (lib/keys/scope-options.ts). */
  scopeOptions: ScopeOption[];
}

export interface FittedTemplate {
  /** The template's settings within the bounds: what the form fills in. */
  settings: TemplateSettings;
  /** What was lowered or left out, and why, in words the form shows beside the choice. */
  adjustments: string[];
  /** Why the template cannot be used at all (none of its scopes may be granted); null when it can. */
  refused: string | null;
}

/**
 * A template clamped to what the account may have: scopes the plan or the member's role leaves out are dropped (each
 * named with the reason), a rate limit or quota above the plan's maximum is lowered to it. Never silently: every
 * change is in `adjustments`, and a template none of whose scopes remain is refused. The commands check the key again.
 */
export function fitTemplate(settings: TemplateSettings, bounds: TemplateBounds): FittedTemplate {
  const adjustments: string[] = [];
  const offered = new Map(bounds.scopeOptions.map((option) => [option.name, option]));
  const reasons = new Map<string, string[]>();
  const scopes = settings.scopes.filter((name) => {
    const option = offered.get(name);
    const reason = !option
      ? "not yours to grant"
      : option.unavailable
        ? option.unavailable.toLowerCase()
        : option.deprecated
          ? "deprecated"
          : null;
    if (reason) reasons.set(reason, [...(reasons.get(reason) ?? []), name]);
    return reason === null;
  });
  for (const [reason, names] of reasons) adjustments.push(`Left out ${names.join(", ")} (${reason}).`);

  let { rateLimit } = settings;
  const maxPerMinute = bounds.maxRequestsPerMinute;
  if (maxPerMinute !== null && perMinute(rateLimit, settings.rateLimitWindow) > maxPerMinute) {
    rateLimit = settings.rateLimitWindow === "hour" ? maxPerMinute * 60 : maxPerMinute;
    adjustments.push(
      `Rate limit lowered to ${rateLimit.toLocaleString("en-US")} per ${settings.rateLimitWindow} (the ${bounds.planName} plan's limit).`,
    );
  }

  let { quota } = settings;
  const maxPerMonth = bounds.maxUsageQuotaPerMonth;
  if (quota && maxPerMonth !== null && perMonth(quota) > maxPerMonth) {
    const limit = quota.period === "day" ? Math.floor(maxPerMonth / 31) : maxPerMonth;
    quota = limit > 0 ? { limit, period: quota.period } : { limit: maxPerMonth, period: "month" };
    adjustments.push(
      `Usage quota lowered to ${quota.limit.toLocaleString("en-US")} ${quota.period === "total" ? "in total" : `per ${quota.period}`} (the ${bounds.planName} plan's maximum).`,
    );
  }

  const refused = scopes.length === 0 ? `None of its scopes can be granted here (${[...reasons.keys()].join("; ")}).` : null;
  return { settings: { ...settings, scopes, rateLimit, quota }, adjustments, refused };
}
