#!/usr/bin/env node
// How soon a change reaches a webhook receiver (README "Webhooks"): from the moment a key change commits to the moment
// a local receiver has the signed delivery. One production instance on a throw-away PostgreSQL database, a node:http
// receiver in this process on loopback (allowed for this run), an endpoint registered through the API. Each change is
// a PATCH /api/v1/keys/{id}; its answer arrives after the transaction committed, so "answer → receipt" is a slight
// underestimate of commit → receipt, and "event time → receipt" (the event's timestamp, taken inside the transaction
// before it commits) a slight overestimate. Interleaved rounds of two shapes: one change at a time, and bursts of
// concurrent changes (each on its own key).
//
//   npm run bench:webhooks [-- --no-build --rounds 3 --changes 60 --burst 20]
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { Webhook } from "standardwebhooks";
import { baseEnv, createDatabase, issueKey, startInstance } from "../scripts/lib/instances.mjs";

const { values } = parseArgs({
  options: {
    "no-build": { type: "boolean", default: false },
    rounds: { type: "string", default: "3" },
    changes: { type: "string", default: "60" },
    burst: { type: "string", default: "20" },
  },
});
const rounds = Number(values.rounds);
const changes = Number(values.changes);
const burst = Number(values.burst);
if (![rounds, changes, burst].every((n) => Number.isInteger(n) && n > 0)) {
  console.error("--rounds, --changes and --burst take whole numbers above 0");
  process.exit(2);
}
const LATCHKEY_PORT = 3341;

/** The receiver: verifies every delivery and notes when each change's arrived, by the key name it carries. */
async function startReceiver() {
  const arrived = new Map();
  const waiting = new Map();
  let verifier = null;
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const at = performance.timeOrigin + performance.now();
      response.writeHead(204).end();
      const payload = verifier.verify(body, request.headers);
      const name = payload.data?.key?.name;
      if (!name) return;
      arrived.set(name, { at, eventAt: Date.parse(payload.timestamp) });
      waiting.get(name)?.();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks`,
    verifyWith: (secret) => {
      verifier = new Webhook(secret);
    },
    arrival: (name) =>
      arrived.has(name)
        ? Promise.resolve(arrived.get(name))
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no delivery for ${name} within 30 s`)), 30_000);
            waiting.set(name, () => {
              clearTimeout(timer);
              resolve(arrived.get(name));
            });
          }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function api(base, key, method, path, body) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

let serial = 0;
/** One change: rename a key, and measure from its answer (committed) and from its event's time to the receipt. */
async function change(base, key, keyId, receiver) {
  const name = `bench ${serial++}`;
  await api(base, key, "PATCH", `/keys/${keyId}`, { name });
  const answered = performance.timeOrigin + performance.now();
  const { at, eventAt } = await receiver.arrival(name);
  return { fromAnswer: at - answered, fromEvent: at - eventAt };
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (value) => `${value.toFixed(1)} ms`.padStart(9);

async function main() {
  if (!values["no-build"]) execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  const database = await createDatabase("latchkey_bench_webhooks");
  const receiver = await startReceiver();
  let instance;
  try {
    const env = baseEnv(database.url, { WEBHOOK_ALLOW_PRIVATE_TARGETS: "127.0.0.0/8", LOG_LEVEL: "warn" });
    const key = await issueKey(env, {
      email: "webhooks@bench.local",
      scopes: "keys:read,keys:write,webhooks:manage",
      rateLimit: "600000/hour",
    });
    instance = await startInstance({ port: LATCHKEY_PORT, env });
    const base = instance.url;
    const { secret } = await api(base, key, "POST", "/webhooks", { url: receiver.url, eventTypes: ["key.updated"] });
    receiver.verifyWith(secret);
    const targets = [];
    for (let i = 0; i < burst; i++) {
      const created = await api(base, key, "POST", "/keys", {
        name: `target ${i}`,
        scopes: ["keys:read"],
        environment: "test",
        rateLimit: 60,
        rateLimitWindow: "minute",
      });
      targets.push(created.key.id);
    }
    // Warm-up: the first calls compile routes and fill caches.
    for (let i = 0; i < 5; i++) await change(base, key, targets[0], receiver);

    const shapes = {
      "one at a time": async () => {
        const results = [];
        for (let i = 0; i < changes; i++) results.push(await change(base, key, targets[i % targets.length], receiver));
        return results;
      },
      [`bursts of ${burst}`]: async () => {
        const results = [];
        for (let done = 0; done < changes; done += burst) {
          results.push(...(await Promise.all(targets.map((id) => change(base, key, id, receiver)))));
        }
        return results;
      },
    };
    const all = Object.fromEntries(Object.keys(shapes).map((shape) => [shape, []]));
    console.log(`\nwebhook delivery latency, ${rounds} interleaved rounds of ${changes} changes per shape\n`);
    console.log(
      `${"round".padEnd(6)}${"shape".padEnd(16)}${"p50 answer→receipt".padStart(20)}${"p99".padStart(11)}${"p50 event→receipt".padStart(20)}${"p99".padStart(11)}`,
    );
    for (let round = 1; round <= rounds; round++) {
      for (const [shape, run] of Object.entries(shapes)) {
        const results = await run();
        all[shape].push(...results);
        const fromAnswer = results.map((r) => r.fromAnswer);
        const fromEvent = results.map((r) => r.fromEvent);
        console.log(
          `${String(round).padEnd(6)}${shape.padEnd(16)}${ms(percentile(fromAnswer, 50)).padStart(20)}${ms(percentile(fromAnswer, 99)).padStart(11)}${ms(percentile(fromEvent, 50)).padStart(20)}${ms(percentile(fromEvent, 99)).padStart(11)}`,
        );
      }
    }
    console.log("");
    for (const [shape, results] of Object.entries(all)) {
      const fromAnswer = results.map((r) => r.fromAnswer);
      const fromEvent = results.map((r) => r.fromEvent);
      console.log(
        `all rounds, ${shape}: ${results.length} deliveries; answer→receipt p50 ${ms(percentile(fromAnswer, 50)).trim()}, p99 ${ms(percentile(fromAnswer, 99)).trim()}; event→receipt p50 ${ms(percentile(fromEvent, 50)).trim()}, p99 ${ms(percentile(fromEvent, 99)).trim()}`,
      );
    }
  } finally {
    await instance?.stop();
    await receiver.close();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
