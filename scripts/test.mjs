#!/usr/bin/env node
// `npm test`: the type check and the lint (Biome, then the import rules), then every test, on both databases: unit
// and integration tests (vitest), then a production build and the browser tests (Playwright) on the embedded
// database and on a throw-away PostgreSQL database.
// Environment: TEST_POSTGRES_URL (server to create test databases on), TEST_REDIS_URL, SKIP_POSTGRES_TESTS=1,
// SKIP_E2E=1, CHROMIUM_PATH.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import postgres from "postgres";

const root = path.resolve(import.meta.dirname, "..");
const resultsDir = path.join(root, "test-results", "summary");
const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const skipPostgres = process.env.SKIP_POSTGRES_TESTS === "1";
const skipE2e = process.env.SKIP_E2E === "1";
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}\n  $ ${[command, ...args].join(" ")}`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`◀ ${label}: ${code === 0 ? "ok" : `failed (${signal ?? `exit ${code}`})`} in ${seconds}s`);
      if (code !== 0) failedSteps.push(label);
      resolve(code === 0);
    });
  });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function countVitest(file) {
  const report = readJson(file);
  if (!report) return;
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

function countPlaywright(file) {
  const report = readJson(file);
  if (!report?.stats) return;
  totals.passed += report.stats.expected + report.stats.flaky;
  totals.failed += report.stats.unexpected;
  totals.skipped += report.stats.skipped;
}

async function postgresReachable() {
  const sql = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function withPostgresDatabase(prefix, body) {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await sql.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await body(url.toString());
  } finally {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
    await sql.end();
  }
}

async function e2e(label, env) {
  const report = path.join(resultsDir, `playwright-${label}.json`);
  const ok = await run(`browser tests (${label})`, "npx", ["playwright", "test", "--reporter=list,json"], {
    ...env,
    PLAYWRIGHT_JSON_OUTPUT_NAME: report,
    SEED_DEMO: "1",
    AUTH_SECRET: randomBytes(32).toString("base64url"),
  });
  countPlaywright(report);
  return ok;
}

async function main() {
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });

  const canReachPostgres = skipPostgres ? false : await postgresReachable();
  if (!skipPostgres && !canReachPostgres) {
    console.error(
      `PostgreSQL is not reachable at ${adminUrl}.\nStart it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start),\n` +
        "point TEST_POSTGRES_URL at a server where the tests may create and drop databases, or set SKIP_POSTGRES_TESTS=1.",
    );
    process.exit(1);
  }
  if (skipPostgres) console.warn("\n!! SKIP_POSTGRES_TESTS=1: the PostgreSQL half of the suite is NOT being run.\n");
  if (!skipE2e && !existsSync(chromium)) {
    console.error(
      `No Chromium at ${chromium}. The browser tests drive a system Chromium; install it with:\n` +
        "  sudo apt-get update && sudo apt-get install -y chromium\n" +
        "or point CHROMIUM_PATH at a Chromium binary (or set SKIP_E2E=1 to run only the unit and integration tests).",
    );
    process.exit(1);
  }

  // Types and the house rules first: a type error or a wrong import fails the run (the tests still run, so that one
  // pass reports everything).
  await run("type check", "npx", ["tsc", "--noEmit"]);
  await run("lint, format and import rules", "npm", ["run", "--silent", "lint"]);

  const vitestReport = path.join(resultsDir, "vitest.json");
  const projects = ["unit", "client", "integration-pglite", ...(skipPostgres ? [] : ["integration-postgres"])];
  await run("unit and integration tests", "npx", [
    "vitest",
    "run",
    ...projects.flatMap((p) => ["--project", p]),
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${vitestReport}`,
  ]);
  countVitest(vitestReport);

  if (skipE2e) {
    console.warn("\n!! SKIP_E2E=1: the browser tests are NOT being run.\n");
  } else if (await run("production build", "npx", ["next", "build"])) {
    if (!skipPostgres) {
      // Two production servers on one PostgreSQL database and Redis (TEST_REDIS_URL).
      const multiReport = path.join(resultsDir, "vitest-multi-instance.json");
      await run("multi-instance tests", "npx", [
        "vitest",
        "run",
        "--project",
        "multi-instance",
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${multiReport}`,
      ]);
      countVitest(multiReport);
    }
    const dataDir = path.join(root, ".data", `e2e-${randomBytes(4).toString("hex")}`);
    try {
      await e2e("embedded", { DATABASE_URL: "", PGLITE_DATA_DIR: dataDir });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      // The step-up server's own embedded data (playwright.config.ts).
      rmSync(`${dataDir}-step-up`, { recursive: true, force: true });
    }
    if (!skipPostgres) {
      await withPostgresDatabase("latchkey_e2e", (url) => e2e("postgres", { DATABASE_URL: url }));
    }
  }

  console.log("");
  if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join(", ")}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(failedSteps.length || totals.failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
