import { AppError } from "@/lib/errors";

/** For queries and writes that cross tenants: a second check behind the page's or action's own. */
export function requireAdminRole(caller: { role: "client" | "admin" }): void {
  if (caller.role !== "admin") throw new AppError("forbidden", "Only admins can do that.");
}
