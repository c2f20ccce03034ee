import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as reportsRoute } from "@/app/api/v1/verify/reports/route";
import { POST as verifyRoute } from "@/app/api/v1/verify/route";
import { getDb } from "@/db";
import { usageEvents, usageReports, usageRollups } from "@/db/schema";
import { usageOverview } from "@/db/queries/usage-analytics";
import { flushUsage } from "@/lib/usage/recorder";
import { callRoute } from "../../../support/api";
import { apiKeyFor, createUser } from "../../../support/factories";

// A platform reports how the calls it verified ended: the key owner's charts then show its real statuses and latencies.
async function verifierKey() {
  const admin = await createUser({ role: "admin" });
  return (await apiKeyFor(admin, ["keys:verify"])).secret;
}

const verify = (verifier: string, body: unknown) =>
  callRoute(verifyRoute, { method: "POST", path: "/verify", key: verifier, body });
const report = (verifier: string, reports: unknown) =>
  callRoute(reportsRoute, { method: "POST", path: "/verify/reports", key: verifier, body: { reports } });

async function rollupsOf(keyId: string) {
  const db = await getDb();
  const rows = await db.select().from(usageRollups).where(eq(usageRollups.keyId, keyId));
  return rows
    .map((r) => ({
      route: r.route,
      status: r.status,
      outcome: r.outcome,
      source: r.source,
      requests: r.requests,
      sum: r.latencySumMs,
    }))
    .sort((a, b) => a.status - b.status);
}

describe("POST /api/v1/verify/reports", () => {
  it("moves each reported call to its real status, latency and outcome, once", async () => {
    const verifier = await verifierKey();
    const client = await createUser();
    const presented = await apiKeyFor(client, ["payments:read"]);
    const call = { key: presented.secret, scopes: ["payments:read"], method: "POST", path: "/v1/payments", tags: ["region=eu"] };
    const first = await verify(verifier, call);
    const second = await verify(verifier, call);
    const third = await verify(verifier, call);
    for (const answer of [first, second, third]) expect(answer.body.eventId).toMatch(/^[0-9a-f-]{36}$/);
    await flushUsage();
    expect(await rollupsOf(presented.key.id)).toEqual([
      { route: "POST /v1/payments", status: 200, outcome: "ok", source: "verify", requests: 3, sum: expect.any(Number) },
    ]);

    const { status, body } = await report(verifier, [
      { eventId: first.body.eventId, status: 201, latencyMs: 120 },
      // Upper case is the same id.
      { eventId: second.body.eventId.toUpperCase(), status: 502, latencyMs: 3000 },
    ]);
    expect(status).toBe(200);
    expect(body.results).toEqual([
      { eventId: first.body.eventId, result: "applied" },
      { eventId: second.body.eventId, result: "applied" },
    ]);

    const rollups = await rollupsOf(presented.key.id);
    expect(rollups.map(({ sum: _, ...r }) => r)).toEqual([
      { route: "POST /v1/payments", status: 200, outcome: "ok", source: "verify", requests: 1 },
      { route: "POST /v1/payments", status: 201, outcome: "ok", source: "verify", requests: 1 },
      { route: "POST /v1/payments", status: 502, outcome: "failed", source: "verify", requests: 1 },
    ]);
    expect(rollups.find((r) => r.status === 502)?.sum).toBe(3000);

    // The same report again changes nothing; so does another report of a call already reported.
    const again = await report(verifier, [
      { eventId: first.body.eventId, status: 201, latencyMs: 120 },
      { eventId: second.body.eventId, status: 200, latencyMs: 1 },
    ]);
    expect(again.body.results.map((r: { result: string }) => r.result)).toEqual(["duplicate", "duplicate"]);
    expect(await rollupsOf(presented.key.id)).toEqual(rollups);

    const db = await getDb();
    const [event] = await db.select().from(usageEvents).where(eq(usageEvents.eventId, second.body.eventId));
    expect([event.status, event.latencyMs, event.outcome, event.tags]).toEqual([502, 3000, "failed", ["region=eu"]]);
    expect(event.reportedAt).not.toBeNull();

    // The analytics read the rollups: one success and one error among the reported, the third still as verified.
    const overview = await usageOverview({ accountId: client.id, keyId: presented.key.id }, 7);
    expect([overview.totals.requests, overview.totals.errors]).toEqual([3, 1]);
    expect(overview.outcomes).toEqual([
      { outcome: "ok", requests: 2 },
      { outcome: "failed", requests: 1 },
    ]);
  });

  it("keeps a report that arrives before its event is written, and applies it when it is", async () => {
    const verifier = await verifierKey();
    const presented = await apiKeyFor(await createUser(), ["payments:read"]);
    const { body: verified } = await verify(verifier, { key: presented.secret, method: "GET", path: "/v1/balance" });
    // Not flushed yet: the event is still in this instance's buffer.
    const early = await report(verifier, [{ eventId: verified.eventId, status: 404, latencyMs: 15 }]);
    expect(early.body.results).toEqual([{ eventId: verified.eventId, result: "pending" }]);
    const repeated = await report(verifier, [{ eventId: verified.eventId, status: 404, latencyMs: 15 }]);
    expect(repeated.body.results).toEqual([{ eventId: verified.eventId, result: "duplicate" }]);

    await flushUsage();
    const db = await getDb();
    const [event] = await db.select().from(usageEvents).where(eq(usageEvents.eventId, verified.eventId));
    expect([event.status, event.latencyMs, event.outcome]).toEqual([404, 15, "failed"]);
    expect(await db.select().from(usageReports).where(eq(usageReports.eventId, verified.eventId))).toEqual([]);
    expect((await rollupsOf(presented.key.id)).map((r) => [r.status, r.outcome, r.requests, r.sum])).toEqual([
      [404, "failed", 1, 15],
    ]);
  });

  it("leaves refusals refused and never reports a call of Latchkey's own API", async () => {
    const verifier = await verifierKey();
    const presented = await apiKeyFor(await createUser(), ["payments:read"]);
    const { body: refused } = await verify(verifier, { key: presented.secret, scopes: ["payments:write"], path: "/v1/pay" });
    expect(refused.code).toBe("insufficient_scope");
    await flushUsage();
    await report(verifier, [{ eventId: refused.eventId, status: 403, latencyMs: 2 }]);
    const db = await getDb();
    const [event] = await db.select().from(usageEvents).where(eq(usageEvents.eventId, refused.eventId));
    expect([event.status, event.outcome, event.refused]).toEqual([403, "insufficient_scope", true]);

    // The verifier's own call to /verify is an event of Latchkey's API: its id is not a verification's.
    const [own] = await db
      .select()
      .from(usageEvents)
      .where(and(eq(usageEvents.source, "api"), eq(usageEvents.route, "/api/v1/verify")))
      .limit(1);
    const answer = await report(verifier, [{ eventId: own.eventId, status: 500, latencyMs: 1 }]);
    expect(answer.body.results[0].result).toBe("pending");
    await flushUsage();
    const [unchanged] = await db.select().from(usageEvents).where(eq(usageEvents.id, own.id));
    expect([unchanged.status, unchanged.reportedAt]).toEqual([own.status, null]);
    expect(
      await db
        .select()
        .from(usageReports)
        .where(eq(usageReports.eventId, own.eventId as string)),
    ).toEqual([]);
  });
});
