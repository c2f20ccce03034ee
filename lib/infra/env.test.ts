import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// env() caches what it parsed, so each case loads a fresh copy of the module.
async function loadEnv(vars: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  vi.resetModules();
  return import("@/lib/infra/env");
}

describe("env", () => {
  beforeEach(() => {
    for (const name of [
      "DATABASE_URL",
      "PGLITE_DATA_DIR",
      "KEY_PREFIX",
      "SEED_DEMO",
      "MIGRATE_ON_START",
      "PUBLIC_URL",
      "SIGN_UP_LIMIT_PER_HOUR",
      "PASSWORD_HASH_CONCURRENCY",
      "METRICS_TOKEN",
      "AUTH_SECRET",
      "LOG_LEVEL",
    ]) {
      vi.stubEnv(name, undefined);
    }
  });
  afterEach(() => vi.unstubAllEnvs());

  it("defaults to the embedded database, the lk prefix and migrating on start", async () => {
    const { env, usesEmbeddedDatabase } = await loadEnv({});
    expect(env()).toMatchObject({ PGLITE_DATA_DIR: ".data/pglite", KEY_PREFIX: "lk", MIGRATE_ON_START: true });
    expect(env().DATABASE_URL).toBeUndefined();
    expect(env().SEED_DEMO).toBeUndefined();
    expect(usesEmbeddedDatabase()).toBe(true);
  });

  it("allows 10 sign-ups an hour per address and 2 password hashes at once unless told otherwise", async () => {
    expect((await loadEnv({})).env()).toMatchObject({ SIGN_UP_LIMIT_PER_HOUR: 10, PASSWORD_HASH_CONCURRENCY: 2 });
    const { env } = await loadEnv({ SIGN_UP_LIMIT_PER_HOUR: "50", PASSWORD_HASH_CONCURRENCY: "16" });
    expect(env()).toMatchObject({ SIGN_UP_LIMIT_PER_HOUR: 50, PASSWORD_HASH_CONCURRENCY: 16 });
  });

  it("treats an empty DATABASE_URL as unset", async () => {
    const { usesEmbeddedDatabase } = await loadEnv({ DATABASE_URL: "" });
    expect(usesEmbeddedDatabase()).toBe(true);
  });

  it("uses PostgreSQL when DATABASE_URL is a postgres URL", async () => {
    const { env, usesEmbeddedDatabase } = await loadEnv({ DATABASE_URL: "postgresql://db.internal:5432/latchkey" });
    expect(env().DATABASE_URL).toBe("postgresql://db.internal:5432/latchkey");
    expect(usesEmbeddedDatabase()).toBe(false);
  });

  it.each([
    ["DATABASE_URL", "mysql://db/latchkey"],
    ["KEY_PREFIX", "LK"],
    ["KEY_PREFIX", "a"],
    ["KEY_PREFIX", "1abc"],
    ["KEY_PREFIX", "waytoolongprefix"],
    ["SEED_DEMO", "yes"],
    ["MIGRATE_ON_START", "maybe"],
    ["PUBLIC_URL", "not a url"],
    ["SIGN_UP_LIMIT_PER_HOUR", "0"],
    ["SIGN_UP_LIMIT_PER_HOUR", "ten"],
    ["PASSWORD_HASH_CONCURRENCY", "0"],
    ["PASSWORD_HASH_CONCURRENCY", "17"],
    ["PASSWORD_HASH_CONCURRENCY", "1.5"],
    ["METRICS_TOKEN", "short"],
    ["AUTH_SECRET", "too short to sign anything"],
    ["LOG_LEVEL", "loud"],
    ["JOB_CRON_MONITOR_SECONDS", "0"],
    ["JOB_CRON_MONITOR_SECONDS", "61"],
    ["JOB_CRON_MONITOR_SECONDS", "often"],
    ["SMTP_URL", "http://mail.example.com"],
    ["SMTP_URL", "not a url"],
  ])("fails naming %s when it is %j", async (name, value) => {
    const { env } = await loadEnv({ [name]: value });
    expect(() => env()).toThrow(new RegExp(`Invalid environment:[\\s\\S]*${name}`));
  });

  it("takes an smtp:// or smtps:// SMTP_URL, and treats an empty one as unset", async () => {
    expect((await loadEnv({ SMTP_URL: "smtps://user:secret@mail.example.com:465" })).env().SMTP_URL).toBe(
      "smtps://user:secret@mail.example.com:465",
    );
    expect((await loadEnv({ SMTP_URL: "" })).env().SMTP_URL).toBeUndefined();
  });

  it.each([
    ["1", true],
    ["true", true],
    ["0", false],
    ["false", false],
  ])("reads the switch %j as %s", async (value, expected) => {
    const { env } = await loadEnv({ SEED_DEMO: value, MIGRATE_ON_START: value });
    expect(env().SEED_DEMO).toBe(expected);
    expect(env().MIGRATE_ON_START).toBe(expected);
  });
});

describe("the server's environment (checked by server.mjs before it listens)", () => {
  const parse = async (vars: Record<string, string>) => {
    const { serverEnvSchema, describeEnvProblems } = await import("@/lib/infra/env-schema.mjs");
    const parsed = serverEnvSchema.safeParse(vars);
    return parsed.success ? parsed.data : describeEnvProblems(parsed.error);
  };

  it("listens on 0.0.0.0:3000 unless told otherwise", async () => {
    expect(await parse({})).toMatchObject({ PORT: 3000, HOSTNAME: "0.0.0.0" });
    expect(await parse({ PORT: "8080", HOSTNAME: "127.0.0.1" })).toMatchObject({ PORT: 8080, HOSTNAME: "127.0.0.1" });
  });

  it("requires AUTH_SECRET with a real database, and only there", async () => {
    expect(await parse({ DATABASE_URL: "postgres://db/latchkey" })).toMatch(/AUTH_SECRET: must be set when DATABASE_URL/);
    expect(await parse({ DATABASE_URL: "postgres://db/latchkey", AUTH_SECRET: "s".repeat(32) })).toMatchObject({
      AUTH_SECRET: "s".repeat(32),
    });
    expect(await parse({})).not.toHaveProperty("AUTH_SECRET");
  });

  it("takes workers and the lean path switch only as whole numbers 1 to 64 and 0 or 1", async () => {
    expect(await parse({})).toMatchObject({ LEAN_PATH: true });
    expect(await parse({})).not.toHaveProperty("WEB_CONCURRENCY");
    expect(await parse({ WEB_CONCURRENCY: "4", LEAN_PATH: "0" })).toMatchObject({ WEB_CONCURRENCY: 4, LEAN_PATH: false });
    for (const value of ["0", "65", "1.5", "two", "4\u0000"]) {
      expect(await parse({ WEB_CONCURRENCY: value })).toMatch(/\n {2}WEB_CONCURRENCY: /);
    }
    for (const value of ["2", "true", "yes", ""]) expect(await parse({ LEAN_PATH: value })).toMatch(/\n {2}LEAN_PATH: /);
  });

  it("lists every problem in one message", async () => {
    const message = await parse({ DATABASE_URL: "postgres://db/latchkey", PORT: "99999", METRICS_TOKEN: "short" });
    expect(message).toMatch(/^Invalid environment:/);
    for (const name of ["PORT", "METRICS_TOKEN", "AUTH_SECRET"]) expect(message).toMatch(new RegExp(`\\n  ${name}: `));
  });
});
