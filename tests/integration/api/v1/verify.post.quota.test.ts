import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as verifyRoute } from "@/app/api/v1/verify/route";
import { getDb } from "@/db";
import { usageQuotaCounters } from "@/db/schema";
import { verifyResultSchema } from "@/lib/api/response-schemas";
import { callRoute } from "../../../support/api";
import { apiKeyFor, createUser } from "../../../support/factories";

// POST /verify and the verified key's usage quota: a verification that would be valid counts against it, after the
// rate limit, as a call through the gate does; one refused before it counts nothing and reports what remains.

async function verifierKey() {
  const admin = await createUser({ role: "admin" });
  return (await apiKeyFor(admin, ["keys:verify"])).secret;
}

const verify = (verifier: string, body: unknown) =>
  callRoute(verifyRoute, { method: "POST", path: "/verify", key: verifier, body });

async function usedOf(keyId: string) {
  const db = await getDb();
  const rows = await db
    .select({ used: usageQuotaCounters.used })
    .from(usageQuotaCounters)
    .where(eq(usageQuotaCounters.keyId, keyId));
  return rows.map((row) => row.used);
}

describe("POST /api/v1/verify and the verified key's usage quota", () => {
  it("counts valid verifications, reports what remains, and answers quota_exceeded once it is used up", async () => {
    const verifier = await verifierKey();
    const presented = await apiKeyFor(await createUser(), ["payments:read"], { quotaLimit: "2", quotaPeriod: "day" });
    const first = await verify(verifier, { key: presented.secret, scopes: ["payments:read"] });
    expect(verifyResultSchema.parse(first.body)).toEqual(first.body);
    expect(first.body).toMatchObject({
      valid: true,
      code: "valid",
      quota: { limit: 2, period: "day", used: 1, remaining: 1, reset: expect.any(Number) },
    });
    expect((await verify(verifier, { key: presented.secret })).body.quota).toMatchObject({ used: 2, remaining: 0 });
    const over = await verify(verifier, { key: presented.secret });
    expect(over.status).toBe(200);
    expect(over.body).toMatchObject({
      valid: false,
      code: "quota_exceeded",
      keyId: presented.key.id,
      quota: { used: 2, remaining: 0 },
      eventId: expect.any(String),
    });
    expect(await usedOf(presented.key.id)).toEqual([2]);
  });

  it("counts nothing for a verification refused before the quota, and reports what remains", async () => {
    const verifier = await verifierKey();
    const presented = await apiKeyFor(await createUser(), ["payments:read"], { quotaLimit: "5", quotaPeriod: "month" });
    const scope = await verify(verifier, { key: presented.secret, scopes: ["payments:write"] });
    expect(scope.body).toMatchObject({ valid: false, code: "insufficient_scope", quota: { used: 0, remaining: 5 } });
    expect(await usedOf(presented.key.id)).toEqual([]);
  });

  it("counts against the verifying key's own quota too, as any call through the gate", async () => {
    const admin = await createUser({ role: "admin" });
    const verifier = await apiKeyFor(admin, ["keys:verify"], { quotaLimit: "1", quotaPeriod: "total" });
    const presented = await apiKeyFor(await createUser(), ["payments:read"]);
    const first = await verify(verifier.secret, { key: presented.secret });
    expect(first.body).toMatchObject({ valid: true, quota: null });
    expect(first.headers.get("ratelimit-policy")).toMatch(/, "quota";q=1$/);
    const second = await verify(verifier.secret, { key: presented.secret });
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe("quota_exceeded");
  });
});
