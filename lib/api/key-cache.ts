import "server-only";
import { LRUCache } from "lru-cache";
import type { KeyForVerification } from "@/db/queries/keys";

// Verified key records by secret hash. Every change that could make a cached record wrong (edit, roll, revoke,
// suspension) evicts it on every instance through the database's notifications (lib/api/key-changes.ts); the TTL
// only bounds how long a record could live if a notification were ever lost.
const cache = new LRUCache<string, KeyForVerification>({ max: 20_000, ttl: 60_000 });

export const keyCacheStats = { hits: 0, misses: 0 };

export async function cachedKeyRecord(
  hash: string,
  load: (hash: string) => Promise<KeyForVerification | undefined>,
): Promise<KeyForVerification | undefined> {
  const cached = cache.get(hash);
  if (cached) {
    keyCacheStats.hits++;
    return cached;
  }
  keyCacheStats.misses++;
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
