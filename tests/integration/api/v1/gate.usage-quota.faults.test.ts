import postgres from "postgres";
import { describe, expect, it, vi } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { POST as verifyRoute } from "@/app/api/v1/verify/route";
import { DatabaseDeadlineError } from "@/db/errors";
import { logger } from "@/lib/infra/logger";
import { callRoute } from "../../../support/api";
import { apiKeyFor, createUser, ownerWithKey } from "../../../support/factories";

// The usage quota when the database cannot answer in time: the call is refused with 503 (fail closed), never let
// through uncounted. The count is the database's alone, so there is nothing else to fall back on.

const fault = vi.hoisted(() => ({ failing: false }));
vi.mock("@/db/queries/usage-quota", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/db/queries/usage-quota")>();
  return {
    ...actual,
    takeUsageQuota: async (...args: Parameters<typeof actual.takeUsageQuota>) => {
      if (fault.failing) throw new DatabaseDeadlineError("query", 2_000);
      return actual.takeUsageQuota(...args);
    },
  };
});

async function whileFailing<T>(run: () => Promise<T>): Promise<T> {
  fault.failing = true;
  const log = vi.spyOn(logger, "error").mockImplementation(() => undefined as never);
  try {
    return await run();
  } finally {
    fault.failing = false;
    log.mockRestore();
  }
}

// PGlite has no second session to hold a lock: not listed on the embedded run (rather than counted as skipped).
const onPostgres = process.env.DATABASE_URL ? it : () => {};

describe("usage quota: the database does not answer", () => {
  it("answers 503 with Retry-After for a key with a quota, and still serves a key without one", async () => {
    const { secret } = await ownerWithKey({ quotaLimit: "10", quotaPeriod: "day" });
    const { secret: unlimited } = await ownerWithKey();
    await callRoute(me, { path: "/me", key: secret });
    const [refused, served] = await whileFailing(() =>
      Promise.all([callRoute(me, { path: "/me", key: secret }), callRoute(me, { path: "/me", key: unlimited })]),
    );
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe("service_unavailable");
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(served.status).toBe(200);
    expect((await callRoute(me, { path: "/me", key: secret })).body.quota).toMatchObject({ used: 2 });
  });

  it("answers verify of a key with a quota 503 rather than valid", async () => {
    const admin = await createUser({ role: "admin" });
    const verifier = (await apiKeyFor(admin, ["keys:verify"])).secret;
    const presented = await apiKeyFor(await createUser(), ["payments:read"], { quotaLimit: "10", quotaPeriod: "day" });
    await callRoute(verifyRoute, { method: "POST", path: "/verify", key: verifier, body: { key: presented.secret } });
    const answer = await whileFailing(() =>
      callRoute(verifyRoute, { method: "POST", path: "/verify", key: verifier, body: { key: presented.secret } }),
    );
    expect(answer.status).toBe(503);
  });

  // A real stall on PostgreSQL: another session holds the counter row, so the count waits past lock_timeout (3 s).
  onPostgres(
    "answers 503 when the counter row is held by a stuck transaction (PostgreSQL)",
    async () => {
      const { key, secret } = await ownerWithKey({ quotaLimit: "10", quotaPeriod: "total" });
      expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
      const other = postgres(process.env.DATABASE_URL as string, { max: 1, onnotice: () => {} });
      const log = vi.spyOn(logger, "error").mockImplementation(() => undefined as never);
      try {
        let release!: () => void;
        const released = new Promise<void>((resolve) => {
          release = resolve;
        });
        let locked!: () => void;
        const lockTaken = new Promise<void>((resolve) => {
          locked = resolve;
        });
        const holder = other.begin(async (tx) => {
          await tx`select used from usage_quota_counters where key_id = ${key.id} for update`;
          locked();
          await released;
        });
        await lockTaken;
        const started = Date.now();
        const answer = await callRoute(me, { path: "/me", key: secret });
        release();
        await holder;
        expect(answer.status).toBe(503);
        expect(Date.now() - started).toBeLessThan(6_000);
      } finally {
        log.mockRestore();
        await other.end({ timeout: 5 });
      }
      expect((await callRoute(me, { path: "/me", key: secret })).body.quota).toMatchObject({ used: 2 });
    },
    20_000,
  );
});
