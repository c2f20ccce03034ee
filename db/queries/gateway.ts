import "server-only";
import { and, asc, count, eq, gt, lt, sql } from "drizzle-orm";
import { type Executor, getDb, type Transaction } from "@/db";
import {
  type GatewayRoute,
  type GatewayService,
  gatewayRoutes,
  gatewayServices,
  type NewGatewayRoute,
  type NewGatewayService,
} from "@/db/schema";

export interface ServiceWithRoutes {
  service: GatewayService;
  routes: GatewayRoute[];
}

/** The service a gateway URL names, with its rules in the order they are tried; undefined when there is none. */
export async function findServiceWithRoutesBySlug(slug: string): Promise<ServiceWithRoutes | undefined> {
  const db = await getDb();
  const rows = await db
    .select({ service: gatewayServices, route: gatewayRoutes })
    .from(gatewayServices)
    .leftJoin(gatewayRoutes, eq(gatewayRoutes.serviceId, gatewayServices.id))
    .where(eq(gatewayServices.slug, slug))
    .orderBy(asc(gatewayRoutes.position), asc(gatewayRoutes.id));
  if (rows.length === 0) return undefined;
  return { service: rows[0].service, routes: rows.flatMap((row) => (row.route ? [row.route] : [])) };
}

export async function findServiceWithRoutes(id: string): Promise<ServiceWithRoutes | undefined> {
  const db = await getDb();
  const [service] = await db.select().from(gatewayServices).where(eq(gatewayServices.id, id));
  if (!service) return undefined;
  const routes = await db
    .select()
    .from(gatewayRoutes)
    .where(eq(gatewayRoutes.serviceId, id))
    .orderBy(asc(gatewayRoutes.position), asc(gatewayRoutes.id));
  return { service, routes };
}

export async function listServicesWithRuleCounts(): Promise<(GatewayService & { ruleCount: number })[]> {
  const db = await getDb();
  const rows = await db
    .select({ service: gatewayServices, ruleCount: count(gatewayRoutes.id) })
    .from(gatewayServices)
    .leftJoin(gatewayRoutes, eq(gatewayRoutes.serviceId, gatewayServices.id))
    .groupBy(gatewayServices.id)
    .orderBy(asc(gatewayServices.name));
  return rows.map((row) => ({ ...row.service, ruleCount: Number(row.ruleCount) }));
}

export async function findServiceBySlug(slug: string, executor?: Executor): Promise<GatewayService | undefined> {
  const db = executor ?? (await getDb());
  const [service] = await db.select().from(gatewayServices).where(eq(gatewayServices.slug, slug));
  return service;
}

/** Undefined when the slug is taken (nothing is overwritten). */
export async function insertServiceIfNew(tx: Transaction, values: NewGatewayService): Promise<GatewayService | undefined> {
  const [created] = await tx.insert(gatewayServices).values(values).onConflictDoNothing().returning();
  return created;
}

export async function lockService(tx: Transaction, id: string): Promise<GatewayService | undefined> {
  const [service] = await tx.select().from(gatewayServices).where(eq(gatewayServices.id, id)).for("update");
  return service;
}

export async function updateServiceRow(
  tx: Transaction,
  id: string,
  values: Partial<Omit<NewGatewayService, "id">>,
): Promise<GatewayService> {
  const [after] = await tx.update(gatewayServices).set(values).where(eq(gatewayServices.id, id)).returning();
  return after;
}

export async function deleteServiceRow(tx: Transaction, id: string): Promise<void> {
  await tx.delete(gatewayServices).where(eq(gatewayServices.id, id));
}

export async function findRouteServiceId(tx: Transaction, id: string): Promise<string | undefined> {
  const [route] = await tx.select({ serviceId: gatewayRoutes.serviceId }).from(gatewayRoutes).where(eq(gatewayRoutes.id, id));
  return route?.serviceId;
}

export async function lockRoute(tx: Transaction, id: string): Promise<GatewayRoute | undefined> {
  const [route] = await tx.select().from(gatewayRoutes).where(eq(gatewayRoutes.id, id)).for("update");
  return route;
}

/** A new rule goes last. */
export async function insertRoute(tx: Transaction, values: Omit<NewGatewayRoute, "position">): Promise<GatewayRoute> {
  const [{ last }] = await tx
    .select({ last: sql<number>`coalesce(max(${gatewayRoutes.position}), 0)` })
    .from(gatewayRoutes)
    .where(eq(gatewayRoutes.serviceId, values.serviceId));
  const [created] = await tx
    .insert(gatewayRoutes)
    .values({ ...values, position: Number(last) + 1 })
    .returning();
  return created;
}

export async function updateRouteRow(
  tx: Transaction,
  id: string,
  values: Partial<Pick<NewGatewayRoute, "method" | "pathPattern" | "requiredScopes" | "cost" | "position">>,
): Promise<GatewayRoute> {
  const [after] = await tx.update(gatewayRoutes).set(values).where(eq(gatewayRoutes.id, id)).returning();
  return after;
}

export async function deleteRouteRow(tx: Transaction, id: string): Promise<void> {
  await tx.delete(gatewayRoutes).where(eq(gatewayRoutes.id, id));
}

/** The rule just before (up) or after (down) this one in its service's order, locked; undefined at either end. */
export async function lockNeighbourRoute(
  tx: Transaction,
  route: GatewayRoute,
  direction: "up" | "down",
): Promise<GatewayRoute | undefined> {
  const [neighbour] = await tx
    .select()
    .from(gatewayRoutes)
    .where(
      and(
        eq(gatewayRoutes.serviceId, route.serviceId),
        direction === "up" ? lt(gatewayRoutes.position, route.position) : gt(gatewayRoutes.position, route.position),
      ),
    )
    .orderBy(direction === "up" ? sql`${gatewayRoutes.position} desc` : asc(gatewayRoutes.position))
    .limit(1)
    .for("update");
  return neighbour;
}

export const GATEWAY_CHANGES_CHANNEL = "latchkey_gateway_changes";

/** Tells every instance that the gateway's services or rules changed; delivered only if the transaction commits. */
export async function notifyGatewayChange(executor: Executor): Promise<void> {
  await executor.execute(sql`select pg_notify(${GATEWAY_CHANGES_CHANNEL}, '')`);
}
