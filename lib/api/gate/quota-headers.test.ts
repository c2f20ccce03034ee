import { describe, expect, it } from "vitest";
import { rateLimitHeaders } from "./quota-headers";

const rateLimit = { allowed: true, limit: 600, remaining: 599, resetSeconds: 42, windowSeconds: 60 };
const allowance = {
  allowed: true,
  limit: 10_000,
  period: "day" as const,
  used: 43,
  remaining: 9_957,
  resetSeconds: 30_115,
  windowSeconds: 86_400,
};

describe("RateLimit fields", () => {
  it("describe the rate limit alone for a key without a usage quota", () => {
    expect(rateLimitHeaders(rateLimit, null)).toEqual({
      "RateLimit-Policy": '"key";q=600;w=60',
      RateLimit: '"key";r=599;t=42',
    });
  });

  it("add the usage quota as a second entry of each list", () => {
    expect(rateLimitHeaders(rateLimit, allowance)).toEqual({
      "RateLimit-Policy": '"key";q=600;w=60, "quota";q=10000;w=86400',
      RateLimit: '"key";r=599;t=42, "quota";r=9957;t=30115',
    });
  });

  it("give a total quota, which never refills, no window and no reset", () => {
    const total = { ...allowance, period: "total" as const, resetSeconds: null, windowSeconds: null };
    expect(rateLimitHeaders(rateLimit, total)).toEqual({
      "RateLimit-Policy": '"key";q=600;w=60, "quota";q=10000',
      RateLimit: '"key";r=599;t=42, "quota";r=9957',
    });
  });
});
