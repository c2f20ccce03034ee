import pino from "pino";

// Anything shaped like one of our keys, wherever it appears in a log line, is replaced. The redact paths below catch
// the fields known to carry secrets; this catches a key that slipped into a message, another field or an error.
const KEY_SHAPE = /\b[a-z][a-z0-9]{1,9}_(?:live|test)_[0-9A-Za-z]{38}\b/g;
// A key's SHA-256 (hex) is what the database is asked for, so a failed query's error message carries it among its
// parameters: as good as the key for matching against a stolen table, so it is scrubbed like one.
const SHA256_SHAPE = /\b[0-9a-fA-F]{64}\b/g;

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.replace(KEY_SHAPE, "[redacted key]").replace(SHA256_SHAPE, "[redacted hash]");
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrub(value.message),
      stack: scrub(value.stack),
      code: (value as { code?: unknown }).code,
    };
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
}

const REDACTED_PATHS = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "secret",
  "*.secret",
  "hash",
  "*.hash",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  '*.headers["x-api-key"]',
  "cookie",
  "*.cookie",
  "*.headers.cookie",
];

/**
 * Structured JSON logs. Secrets are kept out by configuration: the redact paths name every field that may hold a
 * credential, and a formatter scrubs key-shaped strings from everything else.
 */
export function createLogger(destination?: pino.DestinationStream, level?: string): pino.Logger {
  return pino(
    {
      level: level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
      base: { service: "latchkey" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      formatters: { log: (object) => scrub(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((arg) => (typeof arg === "string" ? scrub(arg) : arg));
          method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

// One logger per process, whichever module graph (instrumentation or routes) asks first.
const holder = globalThis as unknown as { __latchkeyLogger?: pino.Logger };

export const logger: pino.Logger = (holder.__latchkeyLogger ??= createLogger());
