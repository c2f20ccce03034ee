#!/usr/bin/env node
// `npm run test:faults`: the fault-injection suite on its own, against a fresh production build. Real servers
// (server.mjs) while their database is stopped, frozen (SIGSTOP) or restarted, Redis is killed and brought back, an
// instance is killed (SIGKILL) or stopped (SIGTERM) under load, and start-up meets bad settings or a database that is
// not there yet; each test asserts what the client saw and that no acknowledged usage was lost or counted twice.
// Faults are injected into private copies (a throw-away PostgreSQL cluster via initdb, a redis-server on its own port)
// and databases the tests create on TEST_POSTGRES_URL; the shared services are never stopped. `npm test` runs these
// too. SKIP_BUILD=1 reuses the current build.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const run = (command, args) => {
  console.log(`\n$ ${[command, ...args].join(" ")}`);
  const { status } = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (status !== 0) process.exit(status ?? 1);
};

if (process.env.SKIP_BUILD !== "1") run("npx", ["next", "build"]);
run("npx", ["vitest", "run", "--project", "multi-instance", "tests/multi-instance/faults", "tests/multi-instance/startup"]);
