import { describe, expect, it } from "vitest";
import type { KeyForVerification } from "@/db/queries/keys";
import { assertNotOutlivingActingKey } from "@/lib/keys/scope-grants";
import { apiActor } from "./api-actor";

const request = new Request("http://localhost/api/v1/keys", { headers: { "user-agent": "vitest" } });
const tomorrow = new Date("2026-12-04T10:00:00Z");
const nextWeek = new Date("2026-12-10T10:00:00Z");

/** The record verification gives for a key expiring at `expiresAt`, presented with a secret ending at `secretExpiresAt`. */
function presented(expiresAt: Date | null, secretExpiresAt: Date | null): KeyForVerification {
  return {
    key: { id: "key-1", accountId: "account-1", scopes: ["keys:write"], expiresAt } as KeyForVerification["key"],
    accountStatus: "active",
    accountPlan: "advanced",
    accountName: "Account",
    platformRole: "client",
    secretExpiresAt,
  };
}

describe("apiActor: what a call may make is bounded by the key and by the secret it was made with", () => {
  it("holds until the earlier of the key's expiry and the presenting secret's end (null: never)", () => {
    const until = (expiresAt: Date | null, secretEnd: Date | null) =>
      apiActor({ request, auth: presented(expiresAt, secretEnd), ip: null }).heldUntil;
    expect(until(null, null)).toBeNull();
    expect(until(nextWeek, null)).toEqual(nextWeek);
    expect(until(null, tomorrow)).toEqual(tomorrow);
    expect(until(nextWeek, tomorrow)).toEqual(tomorrow);
    expect(until(tomorrow, nextWeek)).toEqual(tomorrow);
  });

  it("so a key that never expires, called with a secret in its grace, cannot make one that outlives that secret", () => {
    const actor = apiActor({ request, auth: presented(null, tomorrow), ip: null });
    expect(() => assertNotOutlivingActingKey(actor, null)).toThrow(/expire no later/);
    expect(() => assertNotOutlivingActingKey(actor, nextWeek)).toThrow(/expire no later/);
    expect(() => assertNotOutlivingActingKey(actor, tomorrow)).not.toThrow();
    const current = apiActor({ request, auth: presented(null, null), ip: null });
    expect(() => assertNotOutlivingActingKey(current, null)).not.toThrow();
  });
});
