import "server-only";
import { LRUCache } from "lru-cache";
import type { Executor } from "@/db";
import type { KeyHourCounts } from "@/db/queries/usage-writes";
import {
  addToSignalCounts,
  keysForSignals,
  noteOrigins,
  type OriginSeen,
  type SignalledKey,
  usualHourlyCalls,
} from "@/db/queries/key-signals";
import type { OriginKind } from "@/db/schema";
import { printable } from "@/lib/format";
import { addressOrigin, clientOrigin, MAX_CLIENT_LENGTH } from "./origin-values";
import {
  BURST_REFUSALS,
  BURST_WINDOW_MS,
  crossedCheckpoint,
  DAY_MS,
  ERROR_RATE,
  ERROR_RATE_MIN_FAILURES,
  HOUR_MS,
  LISTED,
  NEW_ORIGIN_NOTICES_PER_DAY,
  SPIKE_FACTOR,
  SPIKE_MIN_CALLS,
  windowOf,
} from "./signal-thresholds";
import { keySummary, recordEvent } from "./record";

// Events the usage writer finds in what it writes, in the same transaction (so a batch written twice, or by two
// instances, tells once): a key used from an address or a client it had not been used from before, a burst of
// rate-limit refusals, an hour of far more calls than usual, an hour in which most calls failed. The counts live in
// the database, so every instance's writes add up to one threshold. Thresholds are looked at when a count passes one
// of a few checkpoints (the first, then each doubling), so a busy key costs no more reads than a quiet one.

export interface UsageForSignals {
  keyId: string;
  at: Date;
  ip?: string | null;
  userAgent?: string | null;
  /** Accepted calls only tell where a key is used from; a refused one tells nothing of its owner's clients. */
  counted?: boolean;
  outcome?: string;
}

/**
 * Finds what is worth telling in a batch the usage writer has just inserted, in its transaction: `events` are the rows
 * inserted, `hours` each key's calls and failures of its current hour before and after the batch (kept on the key's
 * row by the writer, db/queries/usage-writes.ts).
 */
export async function recordUsageSignals(
  tx: Executor,
  events: readonly UsageForSignals[],
  hours: readonly KeyHourCounts[] = [],
): Promise<void> {
  const origins = originsOf(events);
  const unnoted = [...origins.values()].filter((o) => !recentlyNoted.has(o.id));
  const inserted = await noteOrigins(
    tx,
    unnoted.map((o) => o.seen),
  );
  // What was there already is committed (a conflict waits for the other writer's outcome): this process need not
  // note it again for a while. What this batch inserted is not, until the batch commits: it is noted again next time.
  const insertedIds = new Set(inserted.map((o) => originId(o.keyId, o.kind, o.value)));
  for (const origin of unnoted) if (!insertedIds.has(origin.id)) recentlyNoted.set(origin.id, true);
  const news = inserted.filter((o) => o.hadOthers);
  const newsByKey = new Map<string, typeof news>();
  for (const origin of news) newsByKey.set(origin.keyId, [...(newsByKey.get(origin.keyId) ?? []), origin]);

  const counts = await addToSignalCounts(tx, [
    ...burstsOf(events),
    ...[...newsByKey.keys()].map((keyId) => ({
      keyId,
      signal: "new_origin_notices",
      windowStart: windowOf(firstSeen(origins, newsByKey.get(keyId) ?? []), DAY_MS),
      add: 1,
    })),
  ]);
  const bursts = counts.filter((c) => c.signal === "rate_limited" && c.before < BURST_REFUSALS && c.after >= BURST_REFUSALS);
  const notices = counts.filter((c) => c.signal === "new_origin_notices" && c.after <= NEW_ORIGIN_NOTICES_PER_DAY);
  const busy = hours.filter((h) => crossedCheckpoint(h.calls.before, h.calls.after, SPIKE_MIN_CALLS));
  const failing = hours.filter(
    (h) =>
      crossedCheckpoint(h.failures.before, h.failures.after, ERROR_RATE_MIN_FAILURES) &&
      h.failures.after / h.calls.after >= ERROR_RATE,
  );
  const keyIds = [...new Set([...bursts, ...notices, ...busy, ...failing].map((c) => c.keyId))];
  if (keyIds.length === 0) return;

  const keys = new Map((await keysForSignals(tx, keyIds)).map((k) => [k.id, k]));
  const usual =
    busy.length > 0
      ? await usualHourlyCalls(
          tx,
          busy.map((h) => h.keyId),
          busy[0]!.hour.toISOString().slice(0, 10),
        )
      : new Map<string, number>();
  for (const burst of bursts) {
    const key = keys.get(burst.keyId);
    if (key) await recordBurst(tx, key, burst.windowStart, burst.after);
  }
  for (const notice of notices) {
    const key = keys.get(notice.keyId);
    const found = newsByKey.get(notice.keyId) ?? [];
    if (key)
      await recordNewOrigins(
        tx,
        key,
        found.map((o) => origins.get(originId(o.keyId, o.kind, o.value))!),
      );
  }
  for (const hour of busy) {
    const key = keys.get(hour.keyId);
    const perHour = usual.get(hour.keyId);
    // A key with no usual yet (its first day) is starting, not spiking.
    if (key && perHour !== undefined && hour.calls.after >= SPIKE_FACTOR * perHour) {
      await recordSpike(tx, key, hour.hour, hour.calls.after, perHour);
    }
  }
  for (const hour of failing) {
    const key = keys.get(hour.keyId);
    if (key) await recordErrorRate(tx, key, hour.hour, hour.failures.after, hour.calls.after);
  }
}

/** Origins this process found already noted, for a while: most batches bring none that is new. */
const recentlyNoted = new LRUCache<string, true>({ max: 50_000, ttl: 30 * 60 * 1000 });

/** Rate-limit refusals per key and 5-minute window. */
function burstsOf(events: readonly UsageForSignals[]) {
  const counts = new Map<string, { keyId: string; signal: string; windowStart: Date; add: number }>();
  for (const event of events) {
    if (event.outcome !== "rate_limited") continue;
    const windowStart = windowOf(event.at, BURST_WINDOW_MS);
    const id = `${event.keyId}|${windowStart.getTime()}`;
    const count = counts.get(id);
    if (count) count.add++;
    else counts.set(id, { keyId: event.keyId, signal: "rate_limited", windowStart, add: 1 });
  }
  return [...counts.values()];
}

interface Origin {
  id: string;
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
    if (!known) origins.set(id, { id, seen: { keyId: event.keyId, kind, value, at: event.at }, sample });
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

async function recordSpike(tx: Executor, key: SignalledKey, hour: Date, calls: number, usualPerHour: number) {
  await recordEvent(tx, {
    accountId: key.accountId,
    keyId: key.id,
    type: "key.usage_spike",
    // Once a day per key: a spike that lasts is one piece of news.
    dedupeKey: `key.usage_spike:${key.id}:${hour.toISOString().slice(0, 10)}`,
    data: { key: keySummary(key), hourStart: hour.toISOString(), calls, usualPerHour: Math.round(usualPerHour) },
  });
}

async function recordErrorRate(tx: Executor, key: SignalledKey, hour: Date, failures: number, calls: number) {
  await recordEvent(tx, {
    accountId: key.accountId,
    keyId: key.id,
    type: "key.error_rate",
    dedupeKey: `key.error_rate:${key.id}:${hour.toISOString()}`,
    data: { key: keySummary(key), hourStart: hour.toISOString(), failures, calls },
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
