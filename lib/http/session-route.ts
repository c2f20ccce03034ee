import "server-only";
import type { NextRequest } from "next/server";
import { isDatabaseUnavailable } from "@/db/errors";
import type { User } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { logger } from "@/lib/infra/logger";
import { recordMissingRole } from "@/lib/audit/record";
import { actorOf } from "./request-actor";
import { errorResponse, expectedErrorResponse } from "./envelope";
import { currentUser } from "./session";

export interface SessionRouteContext {
  request: NextRequest;
  user: User;
  actor: Actor;
}

interface SessionRouteOptions {
  role?: "admin";
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
      const user = await currentUser();
      if (!user) return errorResponse("unauthenticated", "Sign in first.");
      const actor = actorOf(user, request.headers);
      if (options.role === "admin" && user.role !== "admin") {
        // The refusal stands even if it cannot be recorded; the failure is logged.
        await recordMissingRole(actor, options.audit).catch((error: unknown) =>
          logger.error({ err: error }, "could not audit a refused request"),
        );
        return errorResponse("forbidden", "Only admins can do that.");
      }
      return await handler({ request, user, actor });
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
