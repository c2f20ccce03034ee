import "server-only";
import { listScopes } from "@/db/queries/scopes";
import type { ScopeOption } from "@/lib/scopes";
import type { MemberRole } from "@/db/schema";
import { grantableBy } from "@/lib/accounts/roles";

/**
 * The catalogue as the key forms offer it to this user: admin-only scopes are left out for clients, and scopes their
 * role in the account may not grant (lib/accounts/roles.ts) for members; deprecated ones are kept only where the key
 * already has them (they show as such and cannot be newly granted).
 */
export async function scopeOptionsFor(
  role: "client" | "admin",
  keptScopes: string[] = [],
  memberRole?: MemberRole,
): Promise<ScopeOption[]> {
  const catalogue = await listScopes();
  return catalogue
    .filter((scope) => role === "admin" || !scope.adminOnly || keptScopes.includes(scope.name))
    .filter((scope) => !memberRole || grantableBy(memberRole, scope.name) || keptScopes.includes(scope.name))
    .filter((scope) => !scope.deprecatedAt || keptScopes.includes(scope.name))
    .map((scope) => ({ name: scope.name, description: scope.description, deprecated: scope.deprecatedAt !== null }));
}
