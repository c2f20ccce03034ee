import "server-only";
import { AggregatorRegistry, Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { isLatchkeyWorker } from "./cluster-worker";

interface Metrics {
  registry: Registry;
  verificationSeconds: Histogram<"outcome">;
  apiResponses: Counter<"status" | "code">;
  leanRequests: Counter<"route">;
}

// One registry per process: instrumentation and route handlers are separate module graphs (see lib/keys/cache.ts).
// Gauges that read other modules' state are added by lib/ops/metrics-text.ts, which sits above them.
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
  const leanRequests = new Counter({
    name: "latchkey_lean_path_requests_total",
    help: "Requests the production server answered on its lean path, without the framework (lib/http/lean-path.mjs).",
    labelNames: ["route"],
    registers: [registry],
  });
  if (isLatchkeyWorker()) {
    // A worker answers its primary's requests for this registry (lib/ops/workers.mjs adds every worker's up).
    AggregatorRegistry.setRegistries([registry]);
    new AggregatorRegistry();
  }
  return { registry, verificationSeconds, apiResponses, leanRequests };
}

export function metrics(): Metrics {
  return (holder.__latchkeyMetrics ??= create());
}
