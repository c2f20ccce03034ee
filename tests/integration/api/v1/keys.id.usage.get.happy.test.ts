import { describe, expect, it } from "vitest";
import { GET as keyUsage } from "@/app/api/v1/keys/[id]/usage/route";
import { keyUsageSummary } from "@/db/queries/usage";
import { writeUsageBatch } from "@/db/queries/usage-writes";
import type { NewUsageEvent } from "@/db/schema";
import { keyUsageSchema } from "@/lib/api/response-schemas";
import { callRoute } from "../../../support/api";
import { createUser, apiKeyFor } from "../../../support/factories";

const DAY = 24 * 60 * 60 * 1000;

function daysAgo(days: number, hour = 12): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour) - days * DAY);
}

function utcDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// Through the batched writer, which keeps the rollups the summary reads.
async function insertEvents(keyId: string, accountId: string, events: Partial<NewUsageEvent>[]) {
  await writeUsageBatch(
    events.map((e) => ({
      keyId,
      accountId,
      at: new Date(),
      method: "GET",
      route: "/api/v1/me",
      status: 200,
      latencyMs: 3,
      ...e,
    })),
  );
}

describe("GET /api/v1/keys/{id}/usage", () => {
  it("counts successes and errors per UTC day, zero-filled, with totals and the top routes", async () => {
    const owner = await createUser();
    const reader = await apiKeyFor(owner, ["usage:read"]);
    const target = await apiKeyFor(owner, ["payments:read"]);
    const { id } = target.key;
    // Today's midnight belongs to today; one millisecond before it to yesterday.
    const midnight = daysAgo(0, 0);
    await insertEvents(id, owner.id, [
      { at: daysAgo(0), status: 200, route: "/api/v1/keys" },
      { at: daysAgo(0), status: 201, method: "POST", route: "/api/v1/keys" },
      { at: midnight, status: 404, route: "/api/v1/keys/:id", outcome: "failed" },
      { at: new Date(midnight.getTime() - 1), status: 302, route: "/api/v1/keys" },
      // Refused by the gate: shown apart, never a request.
      { at: daysAgo(2), status: 429, route: "/api/v1/keys", refused: true, outcome: "rate_limited" },
      { at: daysAgo(2), status: 500, route: "/api/v1/keys", outcome: "failed" },
      { at: daysAgo(6, 23), status: 200, route: "/api/v1/scopes" },
      // Outside a 7-day range.
      { at: daysAgo(7, 23), status: 200, route: "/api/v1/old" },
    ]);

    const { status, headers, body } = await callRoute(keyUsage, {
      path: `/keys/${id}/usage?days=7`,
      params: { id },
      key: reader.secret,
    });
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(keyUsageSchema.parse(body)).toEqual(body);
    expect(body.daily).toEqual([
      { date: utcDate(daysAgo(6)), successes: 1, errors: 0, refused: 0 },
      { date: utcDate(daysAgo(5)), successes: 0, errors: 0, refused: 0 },
      { date: utcDate(daysAgo(4)), successes: 0, errors: 0, refused: 0 },
      { date: utcDate(daysAgo(3)), successes: 0, errors: 0, refused: 0 },
      { date: utcDate(daysAgo(2)), successes: 0, errors: 1, refused: 1 },
      { date: utcDate(daysAgo(1)), successes: 1, errors: 0, refused: 0 },
      { date: utcDate(daysAgo(0)), successes: 2, errors: 1, refused: 0 },
    ]);
    expect(body).toMatchObject({
      keyId: id,
      from: utcDate(daysAgo(6)),
      to: utcDate(daysAgo(0)),
      total: 6,
      successes: 4,
      errors: 2,
      refused: 1,
      successRate: 4 / 6,
    });
    // Most requested first; ties by route, then method. Each with its errors and refusals.
    const api = { source: "api" };
    expect(body.topRoutes).toEqual([
      { method: "GET", route: "/api/v1/keys", ...api, requests: 3, errors: 1, refused: 1 },
      { method: "POST", route: "/api/v1/keys", ...api, requests: 1, errors: 0, refused: 0 },
      { method: "GET", route: "/api/v1/keys/:id", ...api, requests: 1, errors: 1, refused: 0 },
      { method: "GET", route: "/api/v1/scopes", ...api, requests: 1, errors: 0, refused: 0 },
    ]);
    // Every call of the range by how it ended, refusals included.
    expect(body.outcomes).toEqual([
      { outcome: "ok", requests: 4 },
      { outcome: "failed", requests: 2 },
      { outcome: "rate_limited", requests: 1 },
    ]);
  });

  it("defaults to 30 days, reports no rate without requests, and keeps to the top 10 routes", async () => {
    const owner = await createUser();
    const reader = await apiKeyFor(owner, ["usage:read"]);
    const quiet = await apiKeyFor(owner, ["payments:read"]);
    const { body } = await callRoute(keyUsage, {
      path: `/keys/${quiet.key.id}/usage`,
      params: { id: quiet.key.id },
      key: reader.secret,
    });
    expect(body.daily).toHaveLength(30);
    expect(body).toMatchObject({ total: 0, successes: 0, errors: 0, successRate: null, topRoutes: [] });

    const busy = await apiKeyFor(owner, ["payments:read"]);
    await insertEvents(
      busy.key.id,
      owner.id,
      Array.from({ length: 12 }, (_, i) => Array.from({ length: i + 1 }, () => ({ route: `/api/v1/r${i}` }))).flat(),
    );
    const summary = await keyUsageSummary({ keyId: busy.key.id, accountId: owner.id }, 1);
    expect(summary.topRoutes).toHaveLength(10);
    expect(summary.topRoutes[0]).toEqual({
      method: "GET",
      route: "/api/v1/r11",
      source: "api",
      requests: 12,
      errors: 0,
      refused: 0,
    });
    expect(summary.total).toBe(78);
  });

  it("counts only rows of this key and this owner", async () => {
    const owner = await createUser();
    const other = await createUser();
    const target = await apiKeyFor(owner, ["payments:read"]);
    const sibling = await apiKeyFor(owner, ["payments:read"]);
    await insertEvents(target.key.id, owner.id, [{}]);
    await insertEvents(sibling.key.id, owner.id, [{}, {}]);
    expect((await keyUsageSummary({ keyId: target.key.id, accountId: owner.id }, 1)).total).toBe(1);
    // Another owner asking about this key id finds nothing.
    expect((await keyUsageSummary({ keyId: target.key.id, accountId: other.id }, 1)).total).toBe(0);
  });
});
