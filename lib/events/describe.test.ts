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

  it("says where a leaked key was found, what was done and, after a roll, that rolling again is safe", () => {
    const found = { via: "github", url: "https://github.com/o/r/blob/1/.env", type: "latchkey_api_key" };
    expect(describeEvent("key.leaked", { key, found, action: "revoked" }).detail).toBe(
      "“Orders” (lk_live_AbCd…) was found at https://github.com/o/r/blob/1/.env (reported by GitHub secret scanning). It was revoked; calls with it are refused. Create a new key to replace it.",
    );
    const rolled = describeEvent("key.leaked", {
      key,
      found: { ...found, via: "admin" },
      action: "rolled",
      leakedSecretEndsAt: "2026-12-09T12:15:00.000Z",
    }).detail;
    expect(rolled).toContain("reported by an administrator");
    expect(rolled).toContain("stops working Dec 9, 2026, 12:15 UTC");
    expect(rolled).toContain("roll the key now to get a working one. Rolling does not extend the leaked secret's life.");
  });

  it("tells of an old secret ended early without alarming about the current one", () => {
    const detail = describeEvent("key.leaked", {
      key,
      found: { via: "scanner", url: "https://example.com/x", secretStart: "lk_live_Old1" },
      action: "secret_ended",
      leakedSecretEndsAt: "2026-12-09T12:15:00.000Z",
    }).detail;
    expect(detail).toBe(
      "“Orders” (lk_live_AbCd…) was found at https://example.com/x (reported by a secret scanner). It was an old secret (lk_live_Old1…), replaced by an earlier roll, that still worked: it stops working Dec 9, 2026, 12:15 UTC. The key's current secret is not affected.",
    );
  });
});

describe("describeEvent for what usage shows", () => {
  it("lists a key's new addresses and clients, and counts the rest", () => {
    expect(
      describeEvent("key.new_origin", { key, addresses: ["203.0.113.7"], clients: ["curl/8.5.0", "Go-http-client/2.0"], more: 3 })
        .detail,
    ).toBe(
      "“Orders” (lk_live_AbCd…) was used from address 203.0.113.7 and clients “curl/8.5.0”, “Go-http-client/2.0” and 3 more. If that was not you, roll or revoke it.",
    );
  });

  it("says how often a key was refused for its rate limit", () => {
    expect(
      describeEvent("key.rate_limited", { key, refusals: 64, windowMinutes: 5, rateLimit: { limit: 100, window: "minute" } })
        .detail,
    ).toBe("“Orders” (lk_live_AbCd…) was refused 64 times in 5 minutes for its rate limit (its limit is 100 a minute).");
  });

  it("says how far an hour was from the key's usual", () => {
    expect(describeEvent("key.usage_spike", { key, calls: 12_000, usualPerHour: 40 }).detail).toBe(
      "“Orders” (lk_live_AbCd…) made 12,000 calls in an hour; it usually makes about 40. If that was not you, roll or revoke it.",
    );
    expect(describeEvent("key.error_rate", { key, failures: 64, calls: 80 }).detail).toBe(
      "“Orders” (lk_live_AbCd…): 64 of its 80 calls in an hour failed (answered 400 or above, or the upstream failed).",
    );
  });
});
