import "server-only";
import { LRUCache } from "lru-cache";
import type { KeyForVerification } from "@/db/queries/keys";

// Verified key records by secret hash. Every change that could make a cached record wrong (edit, roll, revoke,
// suspension) evicts it on every instance through the database's notifications (lib/keys/change-notifications.ts); the TTL
// only bounds how long a record could live if a notification were ever lost.
//
// On globalThis because Next.js compiles instrumentation (where the listener starts) and the route handlers into
// separate module graphs: a module-level cache would be two caches, and evicting one would leave the other stale.
interface KeyCacheState {
  cache: LRUCache<string, KeyForVerification>;
  // Hashes recently found unusable (unknown, revoked, expired), with their key id when there is one. Consulted only
  // for throttled addresses, so that a stale key sent over and over does not use up their few lookups.
  refused: LRUCache<string, { keyId: string | null }>;
  stats: { hits: number; misses: number };
}
const holder = globalThis as unknown as { __latchkeyKeyCache?: KeyCacheState };
// Bounded by count and by size: a key carries its metadata (up to 4 KB of JSON) and allowlist, so 20,000 records of
// the largest kind would hold some 80 MB per process; past 32 MB the least recently used go first. The size is an
// estimate (a record's fixed part plus its variable parts' JSON), counted once per load, never per hit.
const RECORD_BASE_BYTES = 1_024;
const CACHE_MAX_BYTES = 32 * 1024 * 1024;

export function estimatedRecordSize({ key }: KeyForVerification): number {
  const variable = [JSON.stringify(key.metadata), key.name, key.description, ...key.ipAllowlist, ...key.scopes];
  return RECORD_BASE_BYTES + variable.reduce((sum, part) => sum + part.length, 0);
}

const { cache, refused, stats } = (holder.__latchkeyKeyCache ??= {
  cache: new LRUCache<string, KeyForVerification>({
    max: 20_000,
    maxSize: CACHE_MAX_BYTES,
    sizeCalculation: estimatedRecordSize,
    ttl: 60_000,
  }),
  refused: new LRUCache<string, { keyId: string | null }>({ max: 20_000, ttl: 60_000 }),
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

/**
 * The cached record, if any and within its TTL; nothing is loaded. Not counted: a caller that goes on to
 * cachedKeyRecord (a record it cannot use as it is) is counted there, and counts a record it used itself with countHit.
 */
export function cachedKeyRecordNow(hash: string): KeyForVerification | undefined {
  return cache.get(hash);
}

export function countHit(): void {
  stats.hits++;
}

/**
 * The cached record, if any, without loading anything, even past its TTL: every change evicts through the database's
 * notifications, the TTL is only a backstop. For throttled addresses, which get (almost) no lookups.
 */
export function peekKeyRecord(hash: string): KeyForVerification | undefined {
  return cache.peek(hash, { allowStale: true });
}

export function rememberRefusedHash(hash: string, keyId: string | null) {
  refused.set(hash, { keyId });
}

export function wasRecentlyRefused(hash: string): boolean {
  return refused.has(hash);
}

/** Evicts every cached secret of these keys or of these owners' keys. Rare, so a scan is fine. */
export function evictKeys({ keyIds = [], accountIds = [] }: { keyIds?: string[]; accountIds?: string[] }) {
  if (keyIds.length === 0 && accountIds.length === 0) return;
  for (const [hash, record] of cache.entries()) {
    if (keyIds.includes(record.key.id) || accountIds.includes(record.key.accountId)) cache.delete(hash);
  }
  // An owner change (reactivation) may make any of their refused keys usable again: forget all refusals then.
  if (accountIds.length > 0) refused.clear();
  for (const [hash, entry] of refused.entries()) if (entry.keyId && keyIds.includes(entry.keyId)) refused.delete(hash);
}

export function clearKeyCache() {
  cache.clear();
  refused.clear();
}
