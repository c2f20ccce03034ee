import { describe, expect, it } from "vitest";
import { POST as reportsRoute } from "@/app/api/v1/verify/reports/route";
import { callRoute } from "../../../support/api";
import { apiKeyFor, createUser } from "../../../support/factories";
import { rowCountsFor } from "../../../support/inspect";

const EVENT = "0193a4f2-7c1e-7d3a-9b2f-3c4d5e6f7a8b";

async function verifierKey() {
  const admin = await createUser({ role: "admin" });
  return (await apiKeyFor(admin, ["keys:verify"])).secret;
}

describe("POST /api/v1/verify/reports refuses", () => {
  it("a bad report with 400 naming the field, and applies none of the batch", async () => {
    const verifier = await verifierKey();
    const good = { eventId: EVENT, status: 200, latencyMs: 5 };
    for (const [reports, path] of [
      [[good, { ...good, eventId: "not-an-id" }], "reports.1.eventId"],
      [[{ ...good, status: 99 }], "reports.0.status"],
      [[{ ...good, status: 200.5 }], "reports.0.status"],
      [[{ ...good, latencyMs: -1 }], "reports.0.latencyMs"],
      [[{ ...good, latencyMs: "5" }], "reports.0.latencyMs"],
      [[{ ...good, extra: true }], "reports.0.extra"],
      [[good, good], "reports.1.eventId"],
      [[], "reports"],
      [Array.from({ length: 1001 }, () => good), "reports"],
    ] as const) {
      const { status, body } = await callRoute(reportsRoute, {
        method: "POST",
        path: "/verify/reports",
        key: verifier,
        body: { reports },
      });
      expect({ path, status, code: body.error.code, field: body.error.details?.[0]?.path }).toEqual({
        path,
        status: 400,
        code: "validation_failed",
        field: path,
      });
    }
  });

  it("a key without keys:verify (403) and changes nothing", async () => {
    const client = await createUser();
    const { secret } = await apiKeyFor(client, ["payments:read"]);
    const before = await rowCountsFor({ accountId: client.id });
    const { status, body } = await callRoute(reportsRoute, {
      method: "POST",
      path: "/verify/reports",
      key: secret,
      body: { reports: [{ eventId: EVENT, status: 200, latencyMs: 1 }] },
    });
    expect([status, body.error.code]).toEqual([403, "insufficient_scope"]);
    expect(await rowCountsFor({ accountId: client.id })).toEqual(before);
  });
});
