import "server-only";
import { LRUCache } from "lru-cache";
import type { KeyForVerification } from "@/db/queries/keys";

// Verified key records by secret hash. Every change that could make a cached record wrong (edit, roll, revoke,
// suspension) evicts it on every instance through the database's notifications (lib/api/key-changes.ts); the TTL
// only bounds how long a record could live if a notification were ever lost.
//
// On globalThis because Next.js compiles instrumentation (where the listener starts) and the route handlers into
// separate module graphs: a module-level cache would be two caches, and evicting one would leave the other stale.
interface KeyCacheState {
  cache: LRUCache<string, KeyForVerification>;
  stats: { hits: number; misses: number };
}
const holder = globalThis as unknown as { __latchkeyKeyCache?: KeyCacheState };
const { cache, stats } = (holder.__latchkeyKeyCache ??= {
  cache: new LRUCache<string, KeyForVerification>({ max: 20_000, ttl: 60_000 }),
  stats: { hits: 0, misses: 0 },
});

export const keyCacheStats = stats;

export async function cachedKeyRecord(
  hash: string,
  load: (hash: string) => Promise<KeyForVerification | undefined>,
): Promise<KeyForVerification | undefined> {
  const cached = cache.get(hash);
  if (cached) {
    stats.hits++;
    return cached;
  }
  stats.misses++;
  const record = await load(hash);
  if (record) cache.set(hash, record);
  return record;
}

/** Evicts every cached secret of these keys or of these owners' keys. Rare, so a scan is fine. */
export function evictKeys({ keyIds = [], ownerIds = [] }: { keyIds?: string[]; ownerIds?: string[] }) {
  if (keyIds.length === 0 && ownerIds.length === 0) return;
  for (const [hash, record] of cache.entries()) {
    if (keyIds.includes(record.key.id) || ownerIds.includes(record.key.ownerId)) cache.delete(hash);
  }
}

export function clearKeyCache() {
  cache.clear();
}
