import type { NewKeyInput } from "@/lib/keys/lifecycle";
import { apiCreateKeySchema, type ApiCreateKeyRequest } from "@/lib/validations/api-key";
import { type TemplateSettings, templateExpiresAt } from "@/lib/validations/key-template";
import { validationProblem } from "@/lib/http/envelope";

/**
 * POST /keys's body over the template it names (if any): each field sent wins, each left out is the template's, and
 * the result is checked as a whole by the schema of a key made without one (so a window sent over a template's limit
 * is held to that window's bounds). An expiry left out is the template's duration from now.
 */
export function keyRequestFrom(
  { template: _id, expiry, ...body }: ApiCreateKeyRequest,
  template: TemplateSettings | null,
  now: Date,
): NewKeyInput {
  const fromTemplate = template && {
    scopes: template.scopes,
    environment: template.environment,
    rateLimit: template.rateLimit,
    rateLimitWindow: template.rateLimitWindow,
    // Null in a template means "the plan's default", which is what leaving the quota out asks for.
    quota: template.quota ?? undefined,
    ipAllowlist: template.ipAllowlist,
    metadata: template.metadata,
  };
  const sent = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
  const merged = apiCreateKeySchema.safeParse({
    ...Object.fromEntries(Object.entries(fromTemplate ?? {}).filter(([, value]) => value !== undefined)),
    ...sent,
    ...(expiry !== undefined && { expiry }),
  });
  if (!merged.success) throw validationProblem(merged.error);
  if (template && expiry === undefined) return { ...merged.data, expiresAt: templateExpiresAt(template.expiresInDays, now) };
  return merged.data;
}
