import { defineConfig, devices, type PlaywrightTestConfig } from "@playwright/test";
import { chromiumPath } from "./e2e/support/chromium";

// The app under test is a production build (`next build` first), started by Playwright. scripts/test.mjs runs
// this once on the embedded database and once on a throw-away Postgres database, via the environment.
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
// A second server for e2e/step-up.spec.ts alone, whose step-up window is a few seconds instead of 10 minutes: its own
// port and embedded data (or the same PostgreSQL database, as two instances share one in production).
const stepUpPort = port + 1;
const stepUpURL = `http://127.0.0.1:${stepUpPort}`;
const STEP_UP_SPEC = /step-up\.spec\.ts/;

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results",
  fullyParallel: false,
  // A stray test.only would silently skip the rest of the suite in CI.
  forbidOnly: Boolean(process.env.CI),
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      // The network here is closed: without these Chromium keeps trying to reach Google's services.
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], permissions: ["clipboard-read", "clipboard-write"] },
      dependencies: ["setup"],
      testIgnore: STEP_UP_SPEC,
    },
    {
      name: "step-up",
      testMatch: STEP_UP_SPEC,
      use: { ...devices["Desktop Chrome"], baseURL: stepUpURL },
    },
  ],
  webServer: [
    server(port),
    server(stepUpPort, {
      STEP_UP_WINDOW_SECONDS: "5",
      PGLITE_DATA_DIR: `${process.env.PGLITE_DATA_DIR ?? ".data/pglite"}-step-up`,
      USAGE_JOURNAL_DIR: `${process.env.USAGE_JOURNAL_DIR ?? ".data/usage-journal"}-step-up`,
    }),
  ],
});

type WebServer = Extract<NonNullable<PlaywrightTestConfig["webServer"]>, unknown[]>[number];

function server(listenOn: number, extraEnv: Record<string, string> = {}): WebServer {
  const url = `http://127.0.0.1:${listenOn}`;
  return {
    // The production server (server.mjs), as `npm start` runs it.
    command: "node server.mjs",
    url: `${url}/sign-in`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      ...(process.env as Record<string, string>),
      NODE_ENV: "production",
      PORT: String(listenOn),
      HOSTNAME: "127.0.0.1",
      // Every spec signs up from 127.0.0.1 against this one server: 20 sign-ups a run (auth.setup 2, admin 3, audit 2,
      // teams 3, notifications 1, reveal 1, key-switches 1, templates 1, sign-in-throttle 1, account 1, validation 1, security 2,
      // and validation's taken email, which counts too; step-up's 2 count on the second server, or together with
      // Redis). The default of 10 an hour would
      // not cover one run, let alone a retry (CI retries once) or the embedded and Postgres runs counting in the same
      // place when REDIS_URL is set: 50 leaves room for both runs and their retries.
      SIGN_UP_LIMIT_PER_HOUR: "50",
      // A spec's key is minutes old with a handful of calls: judged for "scopes broader than used" at once.
      SCOPE_FLAG_MIN_AGE_DAYS: "0",
      SCOPE_FLAG_MIN_CALLS: "1",
      // The demo gateway service forwards to the demo upstream in this very server, on loopback: allowed by default on
      // the embedded database only, and the suite also runs on PostgreSQL.
      GATEWAY_ALLOW_PRIVATE_UPSTREAMS: "127.0.0.0/8",
      // webhooks.spec.ts's receiver listens on loopback, in the test process.
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "127.0.0.0/8",
      // The specs sign in once (auth.setup.ts) and revoke keys, change allowlists and roll secrets far into a run that
      // can outlast 10 minutes: an hour keeps step-up out of their way. Step-up itself runs on the second server.
      STEP_UP_WINDOW_SECONDS: "3600",
      ...extraEnv,
    },
  };
}
