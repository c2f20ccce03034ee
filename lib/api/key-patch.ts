import type { KeyWithScopes } from "@/db/queries/keys";
import type { KeyUpdate } from "@/lib/keys/lifecycle";
import { apiUpdateKeySchema, type ApiKeyPatch } from "@/lib/validations/api-key";
import { validationProblem } from "@/lib/http/envelope";

/**
 * A PATCH body over the key's current settings: what was sent replaces, the rest stays. The result is checked as a
 * whole, so that a new window is held to the bounds of the limit it keeps (and the reverse).
 */
export function mergeKeyPatch(current: KeyWithScopes, { ipAllowlist, ...patch }: ApiKeyPatch): KeyUpdate {
  const merged = apiUpdateKeySchema.safeParse({
    name: current.name,
    description: current.description,
    scopes: current.scopes,
    rateLimit: current.rateLimit,
    rateLimitWindow: current.rateLimitWindow,
    expiry: "keep",
    ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
  });
  if (!merged.success) throw validationProblem(merged.error);
  return { ...merged.data, ipAllowlist };
}
