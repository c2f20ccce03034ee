import "server-only";
import type { Executor } from "@/db";
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
import { outcomeTone } from "@/lib/usage/outcomes";
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

export async function recordUsageSignals(tx: Executor, events: readonly UsageForSignals[]): Promise<void> {
  const origins = originsOf(events);
  const news = (
    await noteOrigins(
      tx,
      [...origins.values()].map((o) => o.seen),
    )
  ).filter((o) => o.hadOthers);
  const newsByKey = new Map<string, typeof news>();
  for (const origin of news) newsByKey.set(origin.keyId, [...(newsByKey.get(origin.keyId) ?? []), origin]);

  const counts = await addToSignalCounts(tx, [
    ...countsOf(events),
    ...[...newsByKey.keys()].map((keyId) => ({
      keyId,
      signal: "new_origin_notices",
      windowStart: windowOf(firstSeen(origins, newsByKey.get(keyId) ?? []), DAY_MS),
      add: 1,
    })),
  ]);
  const calls = new Map(counts.filter((c) => c.signal === "calls").map((c) => [`${c.keyId}|${c.windowStart.getTime()}`, c]));
  const firing = counts.filter((count) => {
    switch (count.signal) {
      case "rate_limited":
        return count.before < BURST_REFUSALS && count.after >= BURST_REFUSALS;
      case "new_origin_notices":
        return count.after <= NEW_ORIGIN_NOTICES_PER_DAY;
      case "calls":
        return crossedCheckpoint(count.before, count.after, SPIKE_MIN_CALLS);
      case "failures": {
        const all = calls.get(`${count.keyId}|${count.windowStart.getTime()}`)?.after ?? count.after;
        return crossedCheckpoint(count.before, count.after, ERROR_RATE_MIN_FAILURES) && count.after / all >= ERROR_RATE;
      }
      default:
        return false;
    }
  });
  if (firing.length === 0) return;

  const keys = new Map((await keysForSignals(tx, [...new Set(firing.map((c) => c.keyId))])).map((k) => [k.id, k]));
  const spiking = firing.filter((count) => count.signal === "calls");
  const usual =
    spiking.length > 0
      ? await usualHourlyCalls(
          tx,
          spiking.map((c) => c.keyId),
          new Date(spiking[0]!.windowStart).toISOString().slice(0, 10),
        )
      : new Map<string, number>();
  for (const count of firing) {
    const key = keys.get(count.keyId);
    if (!key) continue;
    if (count.signal === "rate_limited") await recordBurst(tx, key, count.windowStart, count.after);
    else if (count.signal === "new_origin_notices") {
      const found = newsByKey.get(count.keyId) ?? [];
      await recordNewOrigins(
        tx,
        key,
        found.map((o) => origins.get(originId(o.keyId, o.kind, o.value))!),
      );
    } else if (count.signal === "calls") {
      const perHour = usual.get(count.keyId);
      // A key with no usual yet (its first day) is starting, not spiking.
      if (perHour !== undefined && count.after >= SPIKE_FACTOR * perHour) {
        await recordSpike(tx, key, count.windowStart, count.after, perHour);
      }
    } else if (count.signal === "failures") {
      const all = calls.get(`${count.keyId}|${count.windowStart.getTime()}`)?.after ?? count.after;
      await recordErrorRate(tx, key, count.windowStart, count.after, all);
    }
  }
}

/** What one batch adds to each key's counts: rate-limit refusals per 5 minutes, accepted calls and failures per hour. */
function countsOf(events: readonly UsageForSignals[]) {
  const counts = new Map<string, { keyId: string; signal: string; windowStart: Date; add: number }>();
  const add = (keyId: string, signal: string, windowStart: Date) => {
    const id = `${keyId}|${signal}|${windowStart.getTime()}`;
    const count = counts.get(id);
    if (count) count.add++;
    else counts.set(id, { keyId, signal, windowStart, add: 1 });
  };
  for (const event of events) {
    if (event.outcome === "rate_limited") add(event.keyId, "rate_limited", windowOf(event.at, BURST_WINDOW_MS));
    if (!event.counted) continue;
    const hour = windowOf(event.at, HOUR_MS);
    add(event.keyId, "calls", hour);
    if (outcomeTone(event.outcome ?? "ok") === "failed") add(event.keyId, "failures", hour);
  }
  return [...counts.values()];
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
