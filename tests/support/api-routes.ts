import * as keysRoute from "@/app/api/v1/keys/route";
import * as keyRoute from "@/app/api/v1/keys/[id]/route";
import * as rollRoute from "@/app/api/v1/keys/[id]/roll/route";
import * as usageRoute from "@/app/api/v1/keys/[id]/usage/route";
import * as meRoute from "@/app/api/v1/me/route";
import * as scopesRoute from "@/app/api/v1/scopes/route";
import * as reportsRoute from "@/app/api/v1/verify/reports/route";
import * as verifyRoute from "@/app/api/v1/verify/route";
import type { API_OPERATIONS, ApiOperation, ApiOperationId } from "@/lib/api/operations";
import type { RouteHandler } from "./api";

/** Every operation of lib/api/operations.ts that a key must authenticate. */
export type KeyOperationId = {
  [Id in ApiOperationId]: (typeof API_OPERATIONS)[Id]["auth"] extends "key" ? Id : never;
}[ApiOperationId];

export interface RouteUnderTest {
  method: Uppercase<ApiOperation["method"]>;
  // biome-ignore lint/suspicious/noExplicitAny: handlers differ only in their params
  handler: RouteHandler<any>;
  /**
   * A body the route accepts, so that a check fails at the gate and nowhere else. `target` is another key of the
   * calling key's account.
   */
  body?: (context: { target: { secret: string } }) => unknown;
}

/**
 * Every key-authenticated route, by operationId: the handler that serves it and a valid body where it takes one.
 * integration/api/v1/common-route-checks.test.ts runs the checks every such route must pass against each entry,
 * and fails when an operation is missing here, so a new route cannot skip them.
 */
export const KEY_ROUTES: Record<KeyOperationId, RouteUnderTest> = {
  listKeys: { method: "GET", handler: keysRoute.GET },
  createKey: {
    method: "POST",
    handler: keysRoute.POST,
    body: () => ({
      name: "Common checks",
      scopes: ["payments:read"],
      environment: "live",
      rateLimit: 60,
      rateLimitWindow: "minute",
    }),
  },
  getKey: { method: "GET", handler: keyRoute.GET },
  updateKey: { method: "PATCH", handler: keyRoute.PATCH, body: () => ({ name: "Renamed by the common checks" }) },
  rollKey: { method: "POST", handler: rollRoute.POST, body: () => ({ grace: "1h" }) },
  revokeKey: { method: "DELETE", handler: keyRoute.DELETE },
  getKeyUsage: { method: "GET", handler: usageRoute.GET },
  listScopes: { method: "GET", handler: scopesRoute.GET },
  verifyKey: { method: "POST", handler: verifyRoute.POST, body: ({ target }) => ({ key: target.secret }) },
  reportCalls: {
    method: "POST",
    handler: reportsRoute.POST,
    body: () => ({ reports: [{ eventId: "0193a4f2-7c1e-7d3a-9b2f-3c4d5e6f7a8b", status: 200, latencyMs: 5 }] }),
  },
  getMe: { method: "GET", handler: meRoute.GET },
};
