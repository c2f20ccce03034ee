import "server-only";
import type { NextRequest } from "next/server";
import { isDatabaseUnavailable } from "@/db/errors";
import type { Account, MemberRole, User } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { logger } from "@/lib/infra/logger";
import { recordMissingRole } from "@/lib/audit/record";
import { actorOf } from "./request-actor";
import { errorResponse, expectedErrorResponse } from "./envelope";
import { CURRENT_ACCOUNT_COOKIE, loadSession } from "./session";
import { can, type Permission } from "@/lib/accounts/roles";

export interface SessionRouteContext {
  request: NextRequest;
  user: User;
  account: Account;
  role: MemberRole;
  actor: Actor;
}

interface SessionRouteOptions {
  role?: "admin";
  /** What the user's role in their current account must allow: 403 otherwise. */
  permission?: Permission;
  /** The action's name in the audit trail: a refusal for a missing role is recorded as `<audit>.denied`. */
  audit?: string;
}

/**
 * The one wrapper of every route handler for a signed-in user (the CSV exports, the metrics): the session, checked
 * against the database (401 unauthenticated), the admin role where asked (403 forbidden, the refusal audited), then
 * the handler. Expected failures are answered with the error envelope; a database that cannot answer with 503, and
 * anything else is logged and answered generically.
 */
export function sessionRoute(handler: (context: SessionRouteContext) => Promise<Response>, options: SessionRouteOptions = {}) {
  return async (request: NextRequest): Promise<Response> => {
    try {
      const session = await loadSession(request.cookies.get(CURRENT_ACCOUNT_COOKIE)?.value);
      if (!session) return errorResponse("unauthenticated", "Sign in first.");
      const { user, account, role } = session;
      const actor = options.role === "admin" ? actorOf(user, request.headers) : actorOf(user, request.headers, session);
      if (options.role === "admin" && user.role !== "admin") {
        // The refusal stands even if it cannot be recorded; the failure is logged.
        await recordMissingRole(actor, options.audit).catch((error: unknown) =>
          logger.error({ err: error }, "could not audit a refused request"),
        );
        return errorResponse("forbidden", "Only admins can do that.");
      }
      if (options.permission && !can(role, options.permission))
        return errorResponse("forbidden", "Your role does not allow that.");
      return await handler({ request, user, account, role, actor });
    } catch (error) {
      const expected = expectedErrorResponse(error);
      if (expected) return expected;
      const path = new URL(request.url).pathname;
      if (isDatabaseUnavailable(error)) {
        logger.error({ path, err: error }, "database unavailable during a signed-in request");
        return errorResponse("service_unavailable", "The service is temporarily unavailable.", { "Retry-After": "5" });
      }
      logger.error({ path, err: error }, "signed-in request failed");
      return errorResponse("internal_error", "Something went wrong on our side.");
    }
  };
}
