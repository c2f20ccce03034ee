import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { keyCacheStats } from "@/lib/keys/cache";
import { usageRecorderStats } from "@/lib/usage/recorder";

interface Metrics {
  registry: Registry;
  verificationSeconds: Histogram<"outcome">;
  apiResponses: Counter<"status" | "code">;
}

// One registry per process: instrumentation and route handlers are separate module graphs (see key-cache.ts).
const holder = globalThis as unknown as { __latchkeyMetrics?: Metrics };

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "latchkey_process_" });
  const verificationSeconds = new Histogram({
    name: "latchkey_api_key_verification_seconds",
    help: "Time to authenticate an API request: reading, checking and looking up the key, allowlist, scopes and quota.",
    labelNames: ["outcome"],
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [registry],
  });
  const apiResponses = new Counter({
    name: "latchkey_api_responses_total",
    help: "Responses of key-authenticated routes, by status and error code (ok for successes).",
    labelNames: ["status", "code"],
    registers: [registry],
  });
  new Gauge({
    name: "latchkey_key_cache_hit_ratio",
    help: "Share of key verifications answered from the in-process cache since start.",
    registers: [registry],
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
    help: "Usage events since start: written, or dropped because the buffer was full.",
    labelNames: ["fate"],
    registers: [registry],
    collect() {
      const stats = usageRecorderStats();
      this.set({ fate: "written" }, stats.written);
      this.set({ fate: "dropped" }, stats.dropped);
    },
  });
  return { registry, verificationSeconds, apiResponses };
}

export function metrics(): Metrics {
  return (holder.__latchkeyMetrics ??= create());
}
