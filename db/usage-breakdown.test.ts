import { describe, expect, it } from "vitest";
import { breakdownOf, type UsageGroup } from "./usage-breakdown";

const group = (overrides: Partial<UsageGroup>): UsageGroup => ({
  day: "2026-12-01",
  route: "GET /api/v1/me",
  source: "api",
  status: 200,
  refused: false,
  outcome: "ok",
  requests: 1,
  buckets: [1, 0, 0],
  ...overrides,
});

describe("breakdownOf", () => {
  it("splits accepted calls at 400, keeps refusals apart and out of the histogram, and zero-fills the days", () => {
    const { daily, statusCodes, outcomes, buckets } = breakdownOf(
      [
        group({ requests: 5, buckets: [5, 0, 0] }),
        group({ status: 500, outcome: "failed", requests: 2, buckets: [0, 2, 0] }),
        group({ status: 429, refused: true, outcome: "rate_limited", requests: 3, buckets: [0, 0, 3] }),
        group({ day: "2026-11-01", requests: 100 }),
      ],
      ["2026-11-30", "2026-12-01"],
      { histogramSize: 3 },
    );
    expect(daily).toEqual([
      { date: "2026-11-30", successes: 0, errors: 0, refused: 0 },
      { date: "2026-12-01", successes: 5, errors: 2, refused: 3 },
    ]);
    expect(statusCodes).toEqual([
      { status: 200, refused: false, requests: 105 },
      { status: 429, refused: true, requests: 3 },
      { status: 500, refused: false, requests: 2 },
    ]);
    expect(outcomes).toEqual([
      { outcome: "ok", requests: 105 },
      { outcome: "rate_limited", requests: 3 },
      { outcome: "failed", requests: 2 },
    ]);
    expect(buckets).toEqual([6, 2, 0]);
  });

  it("ranks routes by accepted calls, then refusals, then path, method and source, and keeps the top ones", () => {
    const { topRoutes } = breakdownOf(
      [
        group({ route: "POST /v1/payments", source: "verify", requests: 4 }),
        group({ route: "GET /v1/payments", source: "verify", requests: 4 }),
        group({ route: "GET /a", requests: 4, refused: true }),
        group({ route: "GET /a", requests: 4 }),
        group({ route: "GET /z", requests: 9, status: 404 }),
        group({ route: "GET /b", requests: 1 }),
      ],
      [],
      { topRoutes: 4 },
    );
    expect(topRoutes).toEqual([
      { route: "GET /z", source: "api", requests: 9, errors: 9, refused: 0 },
      { route: "GET /a", source: "api", requests: 4, errors: 0, refused: 4 },
      { route: "GET /v1/payments", source: "verify", requests: 4, errors: 0, refused: 0 },
      { route: "POST /v1/payments", source: "verify", requests: 4, errors: 0, refused: 0 },
    ]);
  });
});
