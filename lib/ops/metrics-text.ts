import "server-only";
import { Gauge, type Registry } from "prom-client";
import { metrics } from "@/lib/infra/metrics";
import { keyCacheStats } from "@/lib/keys/cache";
import { usageRecorderStats } from "@/lib/usage/recorder";
import { isLatchkeyWorker } from "@/lib/infra/cluster-worker";

const holder = globalThis as unknown as { __latchkeyStateGauges?: boolean };

// How long a worker waits for its primary to add up every worker's metrics before answering with its own.
// Longer than the primary's own 5 s wait for every worker (prom-client), so that its answer, or its failure, comes first.
const AGGREGATION_TIMEOUT_MS = 6_000;

/**
 * The metrics in the Prometheus text format: the request counters kept by lib/infra/metrics.ts, and gauges read at
 * scrape time from the key cache and the usage buffer. With several workers (WEB_CONCURRENCY), those of every worker
 * added up by the primary, whichever worker the scrape reached; a process's own if that fails.
 */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  registerStateGauges();
  if (isLatchkeyWorker() && process.send) {
    const body = await fromPrimary().catch(() => null);
    if (body !== null) return { contentType: registry.contentType, body };
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** Adds the gauges read from the domain's state to this process's registry, once. Called at start-up too. */
export function registerStateGauges() {
  if (holder.__latchkeyStateGauges) return;
  addStateGauges(metrics().registry);
  holder.__latchkeyStateGauges = true;
}

let asked = 0;
function fromPrimary(): Promise<string> {
  const id = `${process.pid}-${++asked}`;
  return new Promise((resolve, reject) => {
    const onMessage = (message: { latchkey?: string; id?: string; text?: string; error?: string }) => {
      if (message?.latchkey !== "metrics" || message.id !== id) return;
      clearTimeout(timer);
      process.off("message", onMessage);
      if (typeof message.text === "string") resolve(message.text);
      else reject(new Error(message.error ?? "no metrics"));
    };
    const timer = setTimeout(() => {
      process.off("message", onMessage);
      reject(new Error("the primary did not answer"));
    }, AGGREGATION_TIMEOUT_MS);
    process.on("message", onMessage);
    process.send?.({ latchkey: "metrics", id });
  });
}

function addStateGauges(registry: Registry) {
  new Gauge({
    name: "latchkey_key_cache_hit_ratio",
    help: "Share of key verifications answered from the in-process cache since start.",
    registers: [registry],
    // Across workers: their mean (every other gauge here is a count, and adds up).
    aggregator: "average",
    collect() {
      const total = keyCacheStats.hits + keyCacheStats.misses;
      this.set(total === 0 ? 0 : keyCacheStats.hits / total);
    },
  });
  new Gauge({
    name: "latchkey_key_cache_lookups",
    help: "Key verifications since start, by whether the cache answered.",
    labelNames: ["result"],
    registers: [registry],
    collect() {
      this.set({ result: "hit" }, keyCacheStats.hits);
      this.set({ result: "miss" }, keyCacheStats.misses);
    },
  });
  new Gauge({
    name: "latchkey_usage_buffer_depth",
    help: "Usage events waiting to be written.",
    registers: [registry],
    collect() {
      this.set(usageRecorderStats().buffered);
    },
  });
  new Gauge({
    name: "latchkey_usage_events",
    help:
      "Usage events since start: written, dropped from memory because the buffer was full (journaled ones are replayed later), " +
      "rejected by the database (set aside), replayed from journals of killed processes, or kept in memory only (journal failing).",
    labelNames: ["fate"],
    registers: [registry],
    collect() {
      const stats = usageRecorderStats();
      this.set({ fate: "written" }, stats.written);
      this.set({ fate: "dropped" }, stats.dropped);
      this.set({ fate: "rejected" }, stats.rejected);
      this.set({ fate: "replayed" }, stats.replayed);
      this.set({ fate: "unjournaled" }, stats.unjournaled);
    },
  });
  new Gauge({
    name: "latchkey_usage_journal_ok",
    help: "1 while usage is journaled before each answer, 0 while the journal cannot be written (memory only), absent when off.",
    registers: [registry],
    collect() {
      const { journal } = usageRecorderStats();
      this.reset();
      if (journal !== "off") this.set(journal === "ok" ? 1 : 0);
    },
  });
}
