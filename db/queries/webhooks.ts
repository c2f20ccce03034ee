import "server-only";
import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { getDb, type Executor, type Transaction } from "@/db";
import {
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  type NewWebhookDelivery,
  type NewWebhookEndpoint,
  type WebhookDelivery,
  type WebhookEndpoint,
} from "@/db/schema";
import { resultRows } from "@/db/rows";

// Webhook endpoints and deliveries: reads and plain writes (the commands are in lib/webhooks/). Every read of an
// endpoint names its owner: an account's id, or null for an admin's platform-wide endpoint, so that an id of another
// owner's endpoint finds nothing.

/** Whose endpoints: an account's, or (null) the platform-wide ones. */
export interface EndpointOwner {
  accountId: string | null;
}

const ownedBy = ({ accountId }: EndpointOwner) =>
  accountId === null ? isNull(webhookEndpoints.accountId) : eq(webhookEndpoints.accountId, accountId);

/**
 * Serializes the transactions that count and add one owner's endpoints until they end: two creates at once would both
 * count 19 and both insert past the cap. An advisory lock, because there is no row to lock before the first endpoint.
 */
export async function lockEndpointsOf(tx: Transaction, { accountId }: EndpointOwner): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`webhook-endpoints:${accountId ?? "platform"}`}))`);
}

export async function insertEndpoint(tx: Executor, row: NewWebhookEndpoint): Promise<WebhookEndpoint> {
  const [endpoint] = await tx.insert(webhookEndpoints).values(row).returning();
  return endpoint;
}

export async function listEndpoints(owner: EndpointOwner, executor?: Executor): Promise<WebhookEndpoint[]> {
  const db = executor ?? (await getDb());
  return db.select().from(webhookEndpoints).where(ownedBy(owner)).orderBy(desc(webhookEndpoints.createdAt));
}

export async function findEndpoint(
  id: string,
  owner: EndpointOwner,
  executor?: Executor,
  options: { forUpdate?: boolean } = {},
): Promise<WebhookEndpoint | null> {
  const db = executor ?? (await getDb());
  const query = db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), ownedBy(owner)));
  const [endpoint] = options.forUpdate ? await query.for("update") : await query;
  return endpoint ?? null;
}

export async function updateEndpointRow(
  tx: Executor,
  id: string,
  values: Partial<
    Pick<
      WebhookEndpoint,
      "url" | "description" | "eventTypes" | "secretCiphertext" | "enabled" | "disabledReason" | "disabledAt" | "failingSince"
    >
  >,
): Promise<WebhookEndpoint> {
  const [endpoint] = await tx.update(webhookEndpoints).set(values).where(eq(webhookEndpoints.id, id)).returning();
  return endpoint;
}

/** Turns off every enabled endpoint of a closed account (`reason` is shown beside it); answers how many. */
export async function disableEndpointsOf(tx: Executor, accountId: string, reason: string): Promise<number> {
  const disabled = await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: reason, disabledAt: sql`now()` })
    .where(and(eq(webhookEndpoints.accountId, accountId), eq(webhookEndpoints.enabled, true)))
    .returning({ id: webhookEndpoints.id });
  return disabled.length;
}

export async function deleteEndpointRow(tx: Executor, id: string): Promise<void> {
  await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
}

/** Enabled endpoints that hear these accounts' events: their own, and every platform-wide one. */
export async function endpointsHearing(tx: Transaction, accountIds: string[]) {
  if (accountIds.length === 0) return [];
  return tx
    .select({ id: webhookEndpoints.id, accountId: webhookEndpoints.accountId, eventTypes: webhookEndpoints.eventTypes })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.enabled, true),
        or(isNull(webhookEndpoints.accountId), inArray(webhookEndpoints.accountId, accountIds)),
      ),
    );
}

// Rows per INSERT: far below the 65,535 parameters one statement may carry.
const CHUNK = 500;

export async function insertDeliveries(tx: Executor, rows: NewWebhookDelivery[]): Promise<WebhookDelivery[]> {
  const inserted: WebhookDelivery[] = [];
  for (let at = 0; at < rows.length; at += CHUNK) {
    // An event is queued for an endpoint once, however often its dispatch is tried.
    inserted.push(
      ...(await tx
        .insert(webhookDeliveries)
        .values(rows.slice(at, at + CHUNK))
        .onConflictDoNothing()
        .returning()),
    );
  }
  return inserted;
}

/** Attempts in flight to one endpoint at most, so that a few that never answer cannot take every sender's time. */
export const MAX_IN_FLIGHT_PER_ENDPOINT = 2;

/** A leased delivery, with what sending it needs of its endpoint. */
export type LeasedDelivery = WebhookDelivery & { url: string; secretCiphertext: string; endpointAccountId: string | null };

/**
 * Takes up to `limit` deliveries due at `now` to enabled endpoints, leased to this sender until `now` + leaseSeconds
 * (a sender that dies lets go when it ends), and counts the attempt. Two senders never take the same delivery
 * (SKIP LOCKED), and an endpoint with MAX_IN_FLIGHT_PER_ENDPOINT leased deliveries gets no more. A delivery to a disabled endpoint waits: enabling the endpoint sends it. `endpointIds` takes only
 * those endpoints' deliveries (tests sharing one database with others; a tool sending one endpoint's backlog).
 */
export async function leaseDueDeliveries(
  limit: number,
  leaseSeconds: number,
  now: Date,
  endpointIds?: readonly string[],
): Promise<LeasedDelivery[]> {
  const db = await getDb();
  const at = now.toISOString();
  const onlyThese = endpointIds
    ? sql`and d.endpoint_id in (${sql.join(
        endpointIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  const rows = resultRows<Record<string, unknown>>(
    await db.execute(sql`
      update ${webhookDeliveries}
      set lease_until = ${at}::timestamptz + make_interval(secs => ${leaseSeconds}), lease_id = gen_random_uuid(),
        attempts = attempts + 1
      where id in (
        select d.id from ${webhookDeliveries} d
        join ${webhookEndpoints} e on e.id = d.endpoint_id and e.enabled
        -- Due by either clock: a new delivery's next_attempt_at is the database's now(), a retry's the app's time, and an
        -- app clock behind the database's must not hold back what was just queued.
        where d.status = 'pending' and d.next_attempt_at <= greatest(${at}::timestamptz, now())
          and (d.lease_until is null or d.lease_until < ${at}::timestamptz) ${onlyThese}
          -- Fairness: an endpoint with MAX_IN_FLIGHT_PER_ENDPOINT attempts in flight gets no more until one ends.
          and (select count(*) from ${webhookDeliveries} l
            where l.endpoint_id = d.endpoint_id and l.status = 'pending' and l.lease_until > ${at}::timestamptz
          ) < ${MAX_IN_FLIGHT_PER_ENDPOINT}
        order by d.next_attempt_at
        limit ${limit}
        for update of d skip locked)
      returning id`),
  );
  if (rows.length === 0) return [];
  return db
    .select({
      delivery: webhookDeliveries,
      url: webhookEndpoints.url,
      secretCiphertext: webhookEndpoints.secretCiphertext,
      endpointAccountId: webhookEndpoints.accountId,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(
      inArray(
        webhookDeliveries.id,
        rows.map((row) => String(row.id)),
      ),
    )
    .then((found) => found.map(({ delivery, ...endpoint }) => ({ ...delivery, ...endpoint })));
}

export interface AttemptOutcome {
  at: Date;
  url: string;
  requestHeaders: Record<string, string>;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  /** succeeded, or pending again at nextAttemptAt, or failed for good. */
  status: "succeeded" | "pending" | "failed";
  nextAttemptAt: Date | null;
}

/**
 * Records an attempt of a leased delivery, in the caller's transaction: the attempt's row and the delivery's state.
 * Only the lease that took it may (false: the lease ran out and another sender has it; nothing is written).
 */
export async function recordAttempt(
  tx: Transaction,
  lease: Pick<WebhookDelivery, "id" | "leaseId" | "attempts">,
  outcome: AttemptOutcome,
) {
  const updated = await tx
    .update(webhookDeliveries)
    .set({
      status: outcome.status,
      nextAttemptAt: outcome.nextAttemptAt ?? undefined,
      leaseUntil: null,
      leaseId: null,
      lastResponseStatus: outcome.responseStatus,
      lastResponseBody: outcome.responseBody,
      lastError: outcome.error,
      lastDurationMs: outcome.durationMs,
      finishedAt: outcome.status === "pending" ? null : outcome.at,
    })
    .where(
      and(
        eq(webhookDeliveries.id, lease.id),
        lease.leaseId ? eq(webhookDeliveries.leaseId, lease.leaseId) : isNull(webhookDeliveries.leaseId),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  if (updated.length === 0) return false;
  await tx.insert(webhookAttempts).values({
    deliveryId: lease.id,
    attempt: lease.attempts,
    at: outcome.at,
    url: outcome.url,
    requestHeaders: outcome.requestHeaders,
    responseStatus: outcome.responseStatus,
    responseBody: outcome.responseBody,
    error: outcome.error,
    durationMs: outcome.durationMs,
  });
  return true;
}

// The delivery reads and the resend below join the endpoint and name its owner in their WHERE, like every endpoint
// read: a delivery id of another owner's endpoint finds nothing, whatever the caller checked before.
const deliveryOf = (owner: EndpointOwner, endpointId: string) =>
  and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookEndpoints.id, endpointId), ownedBy(owner));

/**
 * A page of an endpoint's deliveries, newest first; `after` (a delivery id of this endpoint) continues after it. An
 * id that is not one of this endpoint's deliveries, or an endpoint not this owner's, answers an empty page.
 */
export async function listDeliveriesPage(
  owner: EndpointOwner,
  endpointId: string,
  { after, limit }: { after?: string; limit: number },
) {
  const db = await getDb();
  let where = deliveryOf(owner, endpointId);
  if (after) {
    const cursor = await findDelivery(owner, endpointId, after, db);
    if (!cursor) return { deliveries: [], nextAfter: null };
    where = and(
      where,
      // The cursor's own created_at from the row (microseconds; a JS Date would round it to milliseconds).
      sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (select created_at, id from ${webhookDeliveries} where id = ${cursor.id})`,
    );
  }
  const rows = await db
    .select({ delivery: webhookDeliveries })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(where)
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
  const deliveries = rows.slice(0, limit).map((row) => row.delivery);
  return { deliveries, nextAfter: rows.length > limit ? (deliveries.at(-1)?.id ?? null) : null };
}

export async function findDelivery(
  owner: EndpointOwner,
  endpointId: string,
  deliveryId: string,
  executor?: Executor,
): Promise<WebhookDelivery | null> {
  const db = executor ?? (await getDb());
  const [row] = await db
    .select({ delivery: webhookDeliveries })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(eq(webhookDeliveries.id, deliveryId), deliveryOf(owner, endpointId)));
  return row?.delivery ?? null;
}

/** The attempts of these deliveries, of this owner's endpoints only. */
export async function attemptsOf(owner: EndpointOwner, deliveryIds: string[]) {
  if (deliveryIds.length === 0) return [];
  const db = await getDb();
  return db
    .select({ attempt: webhookAttempts })
    .from(webhookAttempts)
    .innerJoin(webhookDeliveries, eq(webhookDeliveries.id, webhookAttempts.deliveryId))
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(inArray(webhookAttempts.deliveryId, deliveryIds), ownedBy(owner)))
    .orderBy(asc(webhookAttempts.id))
    .then((rows) => rows.map((row) => row.attempt));
}

/**
 * Sends a delivery again from its first attempt (its message id stays: receivers see the same message). Null: no
 * such delivery of this owner's endpoint, or one leased to a sender right now.
 */
export async function requeueDelivery(
  tx: Executor,
  owner: EndpointOwner,
  endpointId: string,
  deliveryId: string,
  now: Date,
): Promise<WebhookDelivery | null> {
  const [delivery] = await tx
    .update(webhookDeliveries)
    .set({ status: "pending", attempts: 0, nextAttemptAt: now, leaseUntil: null, leaseId: null, finishedAt: null })
    .where(
      and(
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.endpointId, endpointId),
        sql`exists (select 1 from ${webhookEndpoints} where ${and(eq(webhookEndpoints.id, endpointId), ownedBy(owner))})`,
        // Not while an attempt is in flight: clearing its lease would send it twice at once and lose that attempt's log.
        sql`(${webhookDeliveries.leaseUntil} is null or ${webhookDeliveries.leaseUntil} <= now())`,
      ),
    )
    .returning();
  return delivery ?? null;
}

/** An endpoint by id alone: for the sender, which works for every owner. */
export async function findEndpointById(executor: Executor, id: string, options: { forUpdate?: boolean } = {}) {
  const query = executor.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  const [endpoint] = options.forUpdate ? await query.for("update") : await query;
  return endpoint ?? null;
}

/**
 * Deletes up to `limit` deliveries (with their attempts) that ended before `before`; answers how many. Pending ones
 * stay whatever their age: they are still to be sent.
 */
export async function pruneFinishedDeliveries(before: Date, limit: number): Promise<number> {
  const db = await getDb();
  const rows = resultRows<{ id: string }>(
    await db.execute(sql`
      delete from ${webhookDeliveries}
      where id in (
        select id from ${webhookDeliveries}
        where status <> 'pending' and finished_at < ${before.toISOString()}::timestamptz
        limit ${limit})
      returning id`),
  );
  return rows.length;
}

/** Endpoints, of any owner, that send to this URL (the demo receiver finds the secret it verifies with by it). */
export async function endpointsSendingTo(url: string): Promise<WebhookEndpoint[]> {
  const db = await getDb();
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.url, url));
}
