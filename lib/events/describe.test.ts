import { describe, expect, it } from "vitest";
import { EVENT_TYPE_NAMES } from "./catalogue";
import { describeEvent } from "./describe";

const key = { id: "k", name: "Orders", start: "lk_live_AbCd", environment: "live", expiresAt: "2026-12-09T12:00:00.000Z" };

describe("describeEvent", () => {
  it("names the key by its name and visible start, and says what to know", () => {
    expect(describeEvent("key.expiring", { key, within: "7d" })).toEqual({
      title: "Key expires soon",
      detail: "“Orders” (lk_live_AbCd…) expires Dec 9, 2026, 12:00 UTC. Roll it or extend it before then.",
    });
    expect(describeEvent("key.rolled", { key, changes: { graceEndsAt: { to: null } } }).detail).toBe(
      "“Orders” (lk_live_AbCd…) has a new secret; the old one stopped working at once.",
    );
    expect(describeEvent("key.updated", { key, changes: { name: {}, scopes: {} } }).detail).toBe(
      "“Orders” (lk_live_AbCd…): name, scopes changed.",
    );
    expect(describeEvent("account.plan_changed", { changes: { plan: { from: "basic", to: "advanced" } } }).detail).toBe(
      "From basic to advanced.",
    );
  });

  it("has a title for every type, and copes with data it does not expect", () => {
    for (const type of EVENT_TYPE_NAMES) {
      const { title, detail } = describeEvent(type, {});
      expect(title.length).toBeGreaterThan(0);
      expect(detail).not.toContain("undefined");
    }
    expect(describeEvent("key.someday", { key })).toEqual({ title: "key.someday", detail: "" });
    expect(describeEvent("key.expired", { key: "not an object" }).detail).toBe("A key expired; calls with it are refused.");
    expect(describeEvent("key.expired", { key }).detail).toBe(
      "“Orders” (lk_live_AbCd…) expired Dec 9, 2026, 12:00 UTC; calls with it are refused.",
    );
  });

  it("words the quota events with the use, the limit and when the quota refills", () => {
    const quota = { limit: 10_000, period: "day", periodStart: "2026-12-03", used: 8_000 };
    expect(describeEvent("key.quota_warning", { key, quota })).toEqual({
      title: "Quota 80 % used",
      detail: "“Orders” (lk_live_AbCd…) has used 8,000 of today's quota of 10,000 requests. It refills at midnight UTC.",
    });
    expect(describeEvent("key.quota_exhausted", { key, quota: { ...quota, period: "total", used: 10_000 } }).detail).toBe(
      "“Orders” (lk_live_AbCd…) has used all of its total quota of 10,000 requests; calls are refused. It does not refill: raise it to keep the key working.",
    );
  });
});
