import "server-only";
import type { Transaction } from "@/db";
import {
  deleteRouteRow,
  deleteServiceRow,
  findRouteServiceId,
  findServiceBySlug,
  insertRoute,
  insertServiceIfNew,
  lockNeighbourRoute,
  lockRoute,
  lockService,
  updateRouteRow,
  updateServiceRow,
} from "@/db/queries/gateway";
import { findScopes } from "@/db/queries/scopes";
import { changingGateway } from "@/lib/accounts/gateway-services";
import type { AuditChanges, GatewayRoute, GatewayService } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { auditEntry, recordAudit } from "@/lib/audit/record";
import { requireAdminRole } from "@/lib/auth/admin";
import { authSecret } from "@/lib/auth/secret";
import { deriveSigningSecret } from "@/lib/auth/upstream-signing";
import { AppError, notFound } from "@/lib/errors";
import { type CreateServiceInput, ROTATION_GRACE, type RouteInput, type UpdateServiceInput } from "@/lib/validations/gateway";

// The admin's commands on gateway services and their route rules. Each checks the role itself, runs in one
// transaction with its audit row (and a notification that empties every process's copy of the gateway's
// configuration: lib/accounts/gateway-services.ts), and never writes a secret anywhere: a signing secret is derived when it is shown.

/** The secret an upstream verifies this service's calls with, at its current version. */
export function signingSecretOf(service: Pick<GatewayService, "id" | "signingSecretVersion">): string {
  return deriveSigningSecret(authSecret(), service.id, service.signingSecretVersion);
}

const SERVICE_FIELDS = ["name", "slug", "baseUrl", "timeoutMs", "enabled"] as const;
const ROUTE_FIELDS = ["method", "pathPattern", "requiredScopes", "cost"] as const;

function diff<T extends object>(fields: readonly (keyof T & string)[], before: T | null, after: T): AuditChanges {
  const changes: AuditChanges = {};
  for (const field of fields) {
    const from = before?.[field];
    const to = after[field];
    if (before && JSON.stringify(from) === JSON.stringify(to)) continue;
    changes[field] = before ? { from, to } : { to };
  }
  return changes;
}

const slugTaken = () =>
  new AppError("validation_failed", "Check the highlighted fields.", { slug: ["Another service already uses this slug."] });

export async function createService(
  actor: Actor,
  input: CreateServiceInput,
): Promise<{ service: GatewayService; signingSecret: string }> {
  requireAdminRole(actor);
  return changingGateway(async (tx) => {
    const service = await insertServiceIfNew(tx, input);
    if (!service) throw slugTaken();
    await recordAudit(
      tx,
      auditEntry(actor, "gateway.service.create", {}, { service: { to: service.id }, ...diff(SERVICE_FIELDS, null, service) }),
    );
    return { service, signingSecret: signingSecretOf(service) };
  });
}

export async function updateService(actor: Actor, serviceId: string, input: UpdateServiceInput): Promise<GatewayService> {
  requireAdminRole(actor);
  return changingGateway(async (tx) => {
    const before = await lockService(tx, serviceId);
    if (!before) throw notFound("Service");
    if (input.slug !== before.slug && (await findServiceBySlug(input.slug, tx))) throw slugTaken();
    const after = await updateServiceRow(tx, serviceId, input);
    const changes = diff(SERVICE_FIELDS, before, after);
    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, auditEntry(actor, "gateway.service.update", {}, { service: { to: serviceId }, ...changes }));
    }
    return after;
  });
}

/**
 * A new signing secret (the version goes up). With a grace period the old secret keeps signing beside the new one
 * until it ends, so the upstream can be switched over without refusing a call.
 */
export async function rotateSigningSecret(
  actor: Actor,
  serviceId: string,
  grace: keyof typeof ROTATION_GRACE,
): Promise<{ service: GatewayService; signingSecret: string }> {
  requireAdminRole(actor);
  return changingGateway(async (tx) => {
    const before = await lockService(tx, serviceId);
    if (!before) throw notFound("Service");
    const graceMs = ROTATION_GRACE[grace];
    const service = await updateServiceRow(tx, serviceId, {
      signingSecretVersion: before.signingSecretVersion + 1,
      previousSecretUntil: graceMs > 0 ? new Date(Date.now() + graceMs) : null,
    });
    await recordAudit(
      tx,
      auditEntry(
        actor,
        "gateway.service.rotate",
        {},
        {
          service: { to: serviceId },
          signingSecretVersion: { from: before.signingSecretVersion, to: service.signingSecretVersion },
          previousSecretUntil: { to: service.previousSecretUntil?.toISOString() ?? null },
        },
      ),
    );
    return { service, signingSecret: signingSecretOf(service) };
  });
}

export async function deleteService(actor: Actor, serviceId: string): Promise<void> {
  requireAdminRole(actor);
  await changingGateway(async (tx) => {
    const before = await lockService(tx, serviceId);
    if (!before) throw notFound("Service");
    await deleteServiceRow(tx, serviceId);
    await recordAudit(
      tx,
      auditEntry(
        actor,
        "gateway.service.delete",
        {},
        { service: { from: serviceId }, slug: { from: before.slug }, name: { from: before.name } },
      ),
    );
  });
}

/** Scopes a rule requires must be in the catalogue: a typo would make the route unreachable for every key. */
async function checkScopesExist(tx: Transaction, scopes: string[]) {
  const found = new Set((await findScopes(scopes, tx)).map((scope) => scope.name));
  const unknown = scopes.filter((scope) => !found.has(scope));
  if (unknown.length > 0) {
    throw new AppError("validation_failed", "Check the highlighted fields.", {
      requiredScopes: [`Not in the scope catalogue: ${unknown.join(", ")}.`],
    });
  }
}

function routeAudit(route: GatewayRoute, changes: AuditChanges): AuditChanges {
  return { service: { to: route.serviceId }, rule: { to: route.id }, ...changes };
}

export async function addRoute(actor: Actor, serviceId: string, input: RouteInput): Promise<GatewayRoute> {
  requireAdminRole(actor);
  return changingGateway(async (tx) => {
    // Locking the service orders concurrent additions, so that each new rule gets its own last position.
    if (!(await lockService(tx, serviceId))) throw notFound("Service");
    await checkScopesExist(tx, input.requiredScopes);
    const route = await insertRoute(tx, { serviceId, ...input });
    await recordAudit(tx, auditEntry(actor, "gateway.route.create", {}, routeAudit(route, diff(ROUTE_FIELDS, null, route))));
    return route;
  });
}

export async function updateRoute(actor: Actor, routeId: string, input: RouteInput): Promise<GatewayRoute> {
  requireAdminRole(actor);
  return changingGateway(async (tx) => {
    const before = await lockRoute(tx, routeId);
    if (!before) throw notFound("Rule");
    await checkScopesExist(tx, input.requiredScopes);
    const after = await updateRouteRow(tx, routeId, input);
    const changes = diff(ROUTE_FIELDS, before, after);
    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, auditEntry(actor, "gateway.route.update", {}, routeAudit(after, changes)));
    }
    return after;
  });
}

export async function deleteRoute(actor: Actor, routeId: string): Promise<void> {
  requireAdminRole(actor);
  await changingGateway(async (tx) => {
    const before = await lockRoute(tx, routeId);
    if (!before) throw notFound("Rule");
    await deleteRouteRow(tx, routeId);
    await recordAudit(
      tx,
      auditEntry(
        actor,
        "gateway.route.delete",
        {},
        routeAudit(before, {
          method: { from: before.method },
          pathPattern: { from: before.pathPattern },
          requiredScopes: { from: before.requiredScopes },
        }),
      ),
    );
  });
}

/** Swaps a rule with the one before or after it; at either end nothing changes. */
export async function moveRoute(actor: Actor, routeId: string, direction: "up" | "down"): Promise<void> {
  requireAdminRole(actor);
  await changingGateway(async (tx) => {
    // The service first, then its rules, as addRoute does: two moves in one service queue instead of deadlocking.
    const serviceId = await findRouteServiceId(tx, routeId);
    if (!serviceId || !(await lockService(tx, serviceId))) throw notFound("Rule");
    const route = await lockRoute(tx, routeId);
    if (!route) throw notFound("Rule");
    const neighbour = await lockNeighbourRoute(tx, route, direction);
    if (!neighbour) return;
    await updateRouteRow(tx, route.id, { position: neighbour.position });
    await updateRouteRow(tx, neighbour.id, { position: route.position });
    await recordAudit(
      tx,
      auditEntry(
        actor,
        "gateway.route.move",
        {},
        routeAudit(route, { position: { from: route.position, to: neighbour.position } }),
      ),
    );
  });
}
