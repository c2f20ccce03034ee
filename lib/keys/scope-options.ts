import "server-only";
import { listScopes } from "@/db/queries/scopes";
import type { ScopeOption } from "@/lib/scopes";
import type { MemberRole } from "@/db/schema";
import { grantableBy } from "@/lib/accounts/roles";
import { type PlanStanding, planRefusesScope } from "@/lib/plans/standing";

/**
 * The catalogue as the key forms offer it to this user: admin-only scopes are left out for clients, and scopes their
 * role in the account may not grant (lib/accounts/roles.ts) for members; deprecated ones are kept only where the key
 * already has them (they show as such and cannot be newly granted); with the account's plan, the scopes it leaves out
 * are offered disabled with the reason.
 */
export async function scopeOptionsFor(
  role: "client" | "admin",
  keptScopes: string[] = [],
  memberRole?: MemberRole,
  plan?: PlanStanding,
): Promise<ScopeOption[]> {
  const catalogue = await listScopes();
  return catalogue
    .filter((scope) => role === "admin" || !scope.adminOnly || keptScopes.includes(scope.name))
    .filter((scope) => !memberRole || grantableBy(memberRole, scope.name) || keptScopes.includes(scope.name))
    .filter((scope) => !scope.deprecatedAt || keptScopes.includes(scope.name))
    .map((scope) => {
      // Offered disabled, with the reason, when the plan leaves it out; a key that has it already keeps it.
      const refused = plan && !keptScopes.includes(scope.name) ? planRefusesScope(plan, scope) : null;
      return {
        name: scope.name,
        description: scope.description,
        deprecated: scope.deprecatedAt !== null,
        ...(refused && { unavailable: refused }),
      };
    });
}
