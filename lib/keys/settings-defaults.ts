import type { KeyWithScopes } from "@/db/queries/keys";

/** What a key's edit form starts from: the key's current settings (the client's page and the admin's alike). */
export function settingsDefaultsOf(key: KeyWithScopes) {
  return {
    name: key.name,
    description: key.description,
    scopes: key.scopes,
    rateLimit: key.rateLimit,
    rateLimitWindow: key.rateLimitWindow,
    currentExpiresAt: key.expiresAt,
  };
}
