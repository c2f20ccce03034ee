import "server-only";
import type { Executor } from "@/db";
import { addToSignalCounts, keysForSignals, noteOrigins, type OriginSeen, type SignalledKey } from "@/db/queries/key-signals";
import type { OriginKind } from "@/db/schema";
import { printable } from "@/lib/format";
import { addressOrigin, clientOrigin, MAX_CLIENT_LENGTH } from "./origin-values";
import { keySummary, recordEvent } from "./record";

// Events the usage writer finds in what it writes, in the same transaction (so a batch written twice, or by two
// instances, tells once): a key used from an address or a client it had not been used from before, and a burst of
// rate-limit refusals. The counts live in the database, so every instance's writes add up to one threshold.

/** Rate-limit refusals of one key within one window that make a burst worth telling. */
export const BURST_REFUSALS = 50;
export const BURST_WINDOW_MS = 5 * 60 * 1000;
/** At most this many new-origin notices per key per UTC day: a key used from everywhere must not flood its owner. */
export const NEW_ORIGIN_NOTICES_PER_DAY = 10;
/** Each notice lists this many new addresses and clients, and counts the rest. */
const LISTED = 5;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface UsageForSignals {
  keyId: string;
  at: Date;
  ip?: string | null;
  userAgent?: string | null;
  /** Accepted calls only tell where a key is used from; a refused one tells nothing of its owner's clients. */
  counted?: boolean;
  outcome?: string;
}

export async function recordUsageSignals(tx: Executor, events: readonly UsageForSignals[]): Promise<void> {
  const origins = originsOf(events);
  const news = (
    await noteOrigins(
      tx,
      [...origins.values()].map((o) => o.seen),
    )
  ).filter((o) => o.hadOthers);
  const bursts = burstsOf(events);
  if (news.length === 0 && bursts.length === 0) return;

  const newsByKey = new Map<string, typeof news>();
  for (const origin of news) newsByKey.set(origin.keyId, [...(newsByKey.get(origin.keyId) ?? []), origin]);
  const dayStart = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
  const counts = await addToSignalCounts(tx, [
    ...bursts,
    ...[...newsByKey.keys()].map((keyId) => ({
      keyId,
      signal: "new_origin_notices",
      windowStart: dayStart(firstSeen(origins, newsByKey.get(keyId) ?? [])),
      add: 1,
    })),
  ]);
  const keys = new Map((await keysForSignals(tx, [...new Set(counts.map((c) => c.keyId))])).map((k) => [k.id, k]));

  for (const count of counts) {
    const key = keys.get(count.keyId);
    if (!key) continue;
    if (count.signal === "rate_limited" && count.before < BURST_REFUSALS && count.after >= BURST_REFUSALS) {
      await recordBurst(tx, key, count.windowStart, count.after);
    } else if (count.signal === "new_origin_notices" && count.after <= NEW_ORIGIN_NOTICES_PER_DAY) {
      const found = newsByKey.get(count.keyId) ?? [];
      await recordNewOrigins(
        tx,
        key,
        found.map((o) => origins.get(originId(o.keyId, o.kind, o.value))!),
      );
    }
  }
}

interface Origin {
  seen: OriginSeen;
  /** What the first call from it looked like: the address itself, or the user agent as sent. */
  sample: string;
}

const originId = (keyId: string, kind: OriginKind, value: string) => `${keyId}\u0000${kind}\u0000${value}`;

/** The distinct origins of the accepted calls, each at its earliest call. */
function originsOf(events: readonly UsageForSignals[]): Map<string, Origin> {
  const origins = new Map<string, Origin>();
  const note = (event: UsageForSignals, kind: OriginKind, value: string | null, sample: string) => {
    if (value === null) return;
    const id = originId(event.keyId, kind, value);
    const known = origins.get(id);
    if (!known) origins.set(id, { seen: { keyId: event.keyId, kind, value, at: event.at }, sample });
    else if (event.at < known.seen.at) known.seen.at = event.at;
  };
  for (const event of events) {
    if (!event.counted) continue;
    if (event.ip) note(event, "address", addressOrigin(event.ip), event.ip);
    if (event.userAgent) {
      note(event, "client", clientOrigin(event.userAgent), printable(event.userAgent).slice(0, MAX_CLIENT_LENGTH));
    }
  }
  return origins;
}

function firstSeen(origins: Map<string, Origin>, found: { keyId: string; kind: OriginKind; value: string }[]): Date {
  const times = found.map((o) => origins.get(originId(o.keyId, o.kind, o.value))?.seen.at.getTime() ?? Date.now());
  return new Date(Math.min(...times));
}

/** Rate-limit refusals per key and window. */
function burstsOf(events: readonly UsageForSignals[]) {
  const bursts = new Map<string, { keyId: string; signal: string; windowStart: Date; add: number }>();
  for (const event of events) {
    if (event.outcome !== "rate_limited") continue;
    const windowStart = Math.floor(event.at.getTime() / BURST_WINDOW_MS) * BURST_WINDOW_MS;
    const id = `${event.keyId}|${windowStart}`;
    const burst = bursts.get(id);
    if (burst) burst.add++;
    else bursts.set(id, { keyId: event.keyId, signal: "rate_limited", windowStart: new Date(windowStart), add: 1 });
  }
  return [...bursts.values()];
}

async function recordBurst(tx: Executor, key: SignalledKey, windowStart: Date, refusals: number) {
  const hour = new Date(Math.floor(windowStart.getTime() / HOUR_MS) * HOUR_MS).toISOString();
  await recordEvent(tx, {
    accountId: key.accountId,
    keyId: key.id,
    type: "key.rate_limited",
    occurredAt: new Date(Math.max(Date.now(), windowStart.getTime())),
    // One notice per key per hour, however many windows of it burst.
    dedupeKey: `key.rate_limited:${key.id}:${hour}`,
    data: {
      key: keySummary(key),
      refusals,
      since: windowStart.toISOString(),
      windowMinutes: BURST_WINDOW_MS / 60_000,
      rateLimit: { limit: key.rateLimit, window: key.rateLimitWindow },
    },
  });
}

async function recordNewOrigins(tx: Executor, key: SignalledKey, found: Origin[]) {
  const sorted = found.toSorted((a, b) => a.seen.at.getTime() - b.seen.at.getTime());
  const addresses = sorted.filter((o) => o.seen.kind === "address");
  const clients = sorted.filter((o) => o.seen.kind === "client");
  const first = sorted[0]!;
  await recordEvent(tx, {
    accountId: key.accountId,
    keyId: key.id,
    type: "key.new_origin",
    // An origin is new once; the key on it only guards against the same batch being written twice.
    dedupeKey: `key.new_origin:${key.id}:${first.seen.kind}:${first.seen.value}`,
    data: {
      key: keySummary(key),
      firstSeenAt: first.seen.at.toISOString(),
      addresses: addresses.slice(0, LISTED).map((o) => o.sample),
      clients: clients.slice(0, LISTED).map((o) => o.sample),
      more: Math.max(0, addresses.length - LISTED) + Math.max(0, clients.length - LISTED),
    },
  });
}
