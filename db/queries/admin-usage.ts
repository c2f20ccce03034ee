import "server-only";
import type { User } from "@/db/schema";
import { requireAdminRole } from "@/lib/auth/admin";
import { usageOverview, type UsageOverview, type UsageRange } from "./usage-analytics";

/**
 * Usage across tenants for the admin area: the whole platform, or one client. The role is checked here too, behind
 * the page's own check, because this reads every tenant's traffic.
 */
export async function adminUsage(admin: Pick<User, "role">, days: UsageRange, ownerId?: string): Promise<UsageOverview> {
  requireAdminRole(admin);
  return usageOverview(ownerId ? { ownerId } : {}, days);
}
