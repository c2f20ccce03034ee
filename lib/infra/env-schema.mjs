// The environment's schema, in plain JavaScript so that server.mjs (outside the Next.js bundle, run by Node as it is)
// checks exactly the same rules as lib/infra/env.ts before it listens. One schema, two readers; see env.ts for env().
import ipaddr from "ipaddr.js";
import { z } from "zod";

export const DEFAULT_DATABASE_DEADLINE_MS = 4_000;

const PINO_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/**
 * Which non-public addresses (private, loopback, link-local, …) outbound calls may reach: "0" none, "1" all, or a
 * comma-separated list of networks (10.0.0.0/8,fd00::/8). Unset: the default of lib/infra/outbound-address.ts.
 */
function privateNetworksSetting() {
  return z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return undefined;
      if (value === "0") return /** @type {const} */ ("none");
      if (value === "1") return /** @type {const} */ ("all");
      const networks = value.split(",").map((part) => part.trim());
      for (const network of networks) {
        if (!ipaddr.isValidCIDR(network)) {
          ctx.addIssue({
            code: "custom",
            message: `must be 0, 1 or a list of networks such as 10.0.0.0/8; "${network}" is not one`,
          });
          return z.NEVER;
        }
      }
      return networks;
    });
}

// Every setting the server reads from its environment, parsed once so that a typo fails at start-up
// with a message naming the variable, not at the first request that needs it.
export const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // How long the app waits for any PostgreSQL statement or transaction before answering 503: the database's own
  // timeouts cannot act when it does not run at all. Under 5 s by default, so that a request is answered within 5 s.
  DATABASE_DEADLINE_MS: z.coerce.number().int().min(500).max(60_000).default(DEFAULT_DATABASE_DEADLINE_MS),
  PGLITE_DATA_DIR: z.string().min(1).default(".data/pglite"),
  KEY_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9]{1,9}$/, "must be 2 to 10 lowercase letters or digits, starting with a letter")
    .default("lk"),
  SEED_DEMO: z
    .enum(["0", "1", "true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "1" || v === "true")),
  MIGRATE_ON_START: z
    .enum(["0", "1", "true", "false"])
    .default("1")
    .transform((v) => v === "1" || v === "true"),
  PUBLIC_URL: z.url().optional(),
  // Signs session cookies (lib/auth/secret.ts). Optional here because the command-line tools never sign anything;
  // the server requires it with DATABASE_URL (serverEnvSchema below).
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  // With it, rate limits are counted in Redis and shared by every instance; without, each instance counts alone.
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // How many reverse proxies in front of Latchkey may be believed about the client's address (X-Forwarded-For).
  // 0: only the socket's address counts, whatever headers a client sends.
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  // Lets a scraper read /api/metrics with `Authorization: Bearer <token>`; admins signed in can read it regardless.
  METRICS_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),
  // Sign-ups allowed from one address in an hour. Each costs a 128 MiB password hash and makes an account; the
  // default lets a small office sign up together and stops a script from one address.
  SIGN_UP_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(10),
  // Password hashes (scrypt, 128 MiB and a libuv thread each) derived at once by this process; the rest wait their turn.
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  // Read by lib/infra/logger.ts when it is created; pino would throw on an unknown level at the first log line.
  LOG_LEVEL: z.enum(PINO_LEVELS, { error: `must be one of ${PINO_LEVELS.join(", ")}` }).optional(),
  // Where each instance journals the usage of acknowledged requests until they are in the database (lib/infra/journal.ts).
  // "off" keeps usage in memory only: a killed process then loses up to a second of it.
  USAGE_JOURNAL_DIR: z.string().min(1).default(".data/usage-journal"),
  // "Scopes broader than used" judges a key only once it is this many days old and has made this many accepted calls
  // in the last 30 days: before that, the scopes it has not needed yet say nothing (lib/usage/key-flags.ts).
  SCOPE_FLAG_MIN_AGE_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  SCOPE_FLAG_MIN_CALLS: z.coerce.number().int().min(1).max(1_000_000).default(100),
  // Where mail goes out (lib/events/mail-sender.ts): smtp://user:pass@host:587 or smtps://…:465. Unset: every mail is
  // written to the server's log and kept in the admins' outbox instead.
  SMTP_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional()),
  MAIL_FROM: z.string().trim().min(3).max(200).default("Latchkey <no-reply@latchkey.local>"),
  // Days events, the inbox entries made of them and sent mail are kept (lib/ops/jobs.ts prunes them daily).
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  // How often each instance looks at the job queue's schedules (db/job-queue.ts); the tests lower it.
  JOB_CRON_MONITOR_SECONDS: z.coerce.number().int().min(1).max(60).default(30),
  // Leak reports (lib/leaks/). GitHub's secret-scanning public keys, as GitHub publishes them at
  // https://api.github.com/meta/public_keys/secret_scanning ({"public_keys": [{"key_identifier", "key", …}]}, or just
  // the list): inline (GITHUB_SCANNING_KEYS) or in a file (…_KEYS_FILE), since the server may not reach GitHub.
  // Neither set: /api/leaks/github answers every request 401.
  GITHUB_SCANNING_KEYS: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const parsed = parseScanningKeys(value);
      if (parsed.ok) return parsed.keys;
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }),
  GITHUB_SCANNING_KEYS_FILE: z.string().trim().min(1).optional(),
  // Lets another scanner (or a script) report found keys at /api/leaks/report with `Authorization: Bearer <token>`.
  LEAK_REPORT_TOKEN: z.string().min(32, "must be at least 32 characters").optional(),
  // What happens to a key of ours reported as leaked until an admin chooses in the admin area: revoked, or rolled with
  // the leaked secret working for LEAK_ROLL_GRACE_MINUTES more.
  LEAK_POLICY: z.enum(["revoke", "roll"]).default("revoke"),
  LEAK_ROLL_GRACE_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  // Leak reports taken from one address per minute (each token in one costs a transaction).
  LEAK_REPORT_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  // Which non-public addresses gateway upstreams may have (see privateNetworksSetting). Unset: none, except loopback
  // while the embedded demo runs (lib/infra/outbound-address.ts). Checked on the address actually connected to.
  GATEWAY_ALLOW_PRIVATE_UPSTREAMS: privateNetworksSetting(),
  // The same for webhook endpoints (lib/webhooks/targets.ts). Unset: none on either database, except exactly the demo
  // receiver's URL while the demo runs.
  WEBHOOK_ALLOW_PRIVATE_TARGETS: privateNetworksSetting(),
  // The longest one webhook attempt may take, connecting and answering included; a slower receiver's attempt fails.
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(60_000).default(10_000),
  // Encrypts webhook signing secrets at rest (AES-256-GCM): 32 bytes in base64 (`openssl rand -base64 32`). Unset:
  // derived from AUTH_SECRET (HKDF), so that changing AUTH_SECRET makes the stored secrets unreadable; set it on a
  // real deployment. Never logged.
  WEBHOOK_SECRETS_KEY: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .refine((value) => value === undefined || Buffer.from(value, "base64").length === 32, {
      message: "must be 32 bytes in base64 (openssl rand -base64 32)",
    }),
  // Encrypts two-factor (TOTP) secrets at rest, as WEBHOOK_SECRETS_KEY does webhook secrets; unset: derived from
  // AUTH_SECRET (HKDF, its own label). Never logged.
  TWO_FACTOR_SECRETS_KEY: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .refine((value) => value === undefined || Buffer.from(value, "base64").length === 32, {
      message: "must be 32 bytes in base64 (openssl rand -base64 32)",
    }),
  // How long a sign-in (or a confirmed password) lets sensitive actions through before they ask again (step-up).
  STEP_UP_WINDOW_SECONDS: z.coerce.number().int().min(5).max(3600).default(600),
});

// One public key as GitHub lists it; the PEM is checked when it is first used (lib/leaks/github-keys.ts).
export const scanningKeySchema = z.object({
  key_identifier: z.string().trim().min(1).max(200),
  key: z.string().includes("BEGIN PUBLIC KEY", { error: "must be a PEM public key" }).max(10_000),
  is_current: z.boolean().optional(),
});

export const scanningKeysSchema = z.union([
  z.object({ public_keys: z.array(scanningKeySchema).min(1) }).transform((document) => document.public_keys),
  z.array(scanningKeySchema).min(1),
]);

/**
 * GitHub's key list from JSON text: `{ ok: true, keys }` or `{ ok: false, message }`.
 * @param {string} text
 */
export function parseScanningKeys(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    return /** @type {const} */ ({ ok: false, message: "must be JSON: GitHub's secret-scanning key list" });
  }
  const parsed = scanningKeysSchema.safeParse(json);
  if (parsed.success) return /** @type {const} */ ({ ok: true, keys: parsed.data });
  return /** @type {const} */ ({
    ok: false,
    message: `must be GitHub's secret-scanning key list: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`,
  });
}

/** What server.mjs checks before it listens: everything above, its own address, and what a deployment must set. */
export const serverEnvSchema = envSchema
  .extend({
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    HOSTNAME: z.string().min(1).default("0.0.0.0"),
    // Worker processes serving requests (lib/ops/workers.mjs); unset: one per core. The embedded database is one
    // process's, so without DATABASE_URL there is always one.
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    // "0" sends the hot routes through the framework too (lib/http/lean-path.mjs): for comparison, or if ever needed.
    LEAN_PATH: z
      .enum(["0", "1"])
      .default("1")
      .transform((v) => v === "1"),
  })
  .refine((settings) => !settings.DATABASE_URL || settings.AUTH_SECRET, {
    path: ["AUTH_SECRET"],
    message: "must be set when DATABASE_URL is set",
    // Checked even when other variables failed, so that one run lists every problem.
    when: () => true,
  });

/**
 * The issues of a failed parse, one line each, naming the variable.
 * @param {import("zod").ZodError} error
 */
export function describeEnvProblems(error) {
  return `Invalid environment:\n${error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`;
}
