import "server-only";
import { databaseHandle, getDb, type Transaction } from "@/db";
import {
  findServiceWithRoutesBySlug,
  GATEWAY_CHANGES_CHANNEL,
  notifyGatewayChange,
  type ServiceWithRoutes,
} from "@/db/queries/gateway";

// The gateway's services and rules, read on every call through it, change a few times a day: each process keeps them
// in memory, and every change (lib/accounts/gateway.ts) empties every process's copy through the database's
// notifications, as key changes do (lib/keys/change-notifications.ts). The TTL only bounds how long a copy could live
// if a notification were lost, or if a row were changed by hand.
const TTL_MS = 30_000;
const MAX_SLUGS = 1_000;

interface Entry {
  value: ServiceWithRoutes | undefined;
  expiresAt: number;
}

// On globalThis: the listener starts in instrumentation, the lookups run in the route handlers' module graph.
const holder = globalThis as unknown as { __latchkeyGatewayServices?: { entries: Map<string, Entry>; generation: number } };
const copy = (holder.__latchkeyGatewayServices ??= { entries: new Map(), generation: 0 });
const cache = copy.entries;

// Every forgetting starts a new generation: a read that began before a change commits may end after it, and must not
// put the old rows back for the TTL (it answers its own call with them, as it would have a moment earlier).
function forget() {
  copy.generation++;
  cache.clear();
}

/** The service a gateway URL names, with its rules in order; undefined when there is none (remembered too). */
export async function gatewayService(slug: string): Promise<ServiceWithRoutes | undefined> {
  const now = Date.now();
  const cached = cache.get(slug);
  if (cached && cached.expiresAt > now) return cached.value;
  const generation = copy.generation;
  const value = await findServiceWithRoutesBySlug(slug);
  if (generation !== copy.generation) return value;
  // Unknown slugs are remembered too (a caller can make up any number): bounded by emptying when full.
  if (cache.size >= MAX_SLUGS) cache.clear();
  cache.set(slug, { value, expiresAt: now + TTL_MS });
  return value;
}

/**
 * Runs a change to the gateway's services or rules in a transaction that tells every process to forget its copy;
 * this one forgets its own as soon as the transaction ends, committed or not.
 */
export async function changingGateway<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db
    .transaction(async (tx) => {
      const result = await work(tx);
      await notifyGatewayChange(tx);
      return result;
    })
    .finally(forget);
}

/** Empties this process's copy whenever any process changes the gateway. Started once per process. */
export async function listenForGatewayChanges(): Promise<void> {
  const handle = await databaseHandle();
  // (Re)subscribed: a change may have been missed meanwhile, so the copy is forgotten then too.
  await handle.listen(GATEWAY_CHANGES_CHANNEL, forget, forget);
}
