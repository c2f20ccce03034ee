import { describe, expect, it } from "vitest";
import { findAccountPlan } from "@/db/queries/plans";
import { createKey, revokeKey } from "@/lib/keys/lifecycle";
import { scopeOptionsFor } from "@/lib/keys/scope-options";
import { setKeyDisabled } from "@/lib/keys/key-switches";
import { atKeyLimit, planStanding } from "@/lib/plans/standing";
import { planAllowsScope } from "@/lib/plans/limits";
import { actorOf, createKeyInput, createUser } from "../support/factories";

// What the key forms offer is what the plan allows: scopes it leaves out shown disabled with the reason, the keys
// in use against its maximum. The commands refuse the rest anyway (plans.test.ts); these are what the pages show.

describe("an account's plan standing", () => {
  it("counts active keys against the plan's maximum, disabled ones included, revoked ones not", async () => {
    const owner = await createUser({ plan: "basic" });
    const { plan } = (await findAccountPlan(owner.id))!;
    const made = [];
    for (let i = 0; i < plan.maxActiveKeys; i++) {
      made.push(await createKey(actorOf(owner), owner.id, createKeyInput({ name: `Key ${i}`, scopes: ["keys:read"] })));
    }
    let standing = await planStanding(owner.id);
    expect(standing).toMatchObject({ planName: "basic", activeKeys: plan.maxActiveKeys, maxActiveKeys: plan.maxActiveKeys });
    expect(atKeyLimit(standing)).toBe(true);
    await setKeyDisabled(actorOf(owner), { keyId: made[0].key.id, accountId: owner.id }, true);
    expect(atKeyLimit(await planStanding(owner.id))).toBe(true);
    await revokeKey(actorOf(owner), { keyId: made[1].key.id, accountId: owner.id });
    standing = await planStanding(owner.id);
    expect(standing.activeKeys).toBe(plan.maxActiveKeys - 1);
    expect(atKeyLimit(standing)).toBe(false);
  });

  it("offers the scopes the plan leaves out disabled, with the reason, but keeps those a key already has", async () => {
    const owner = await createUser({ plan: "basic" });
    const standing = await planStanding(owner.id);
    const { plan } = (await findAccountPlan(owner.id))!;
    const options = await scopeOptionsFor("client", [], undefined, standing);
    const refused = options.filter((option) => option.unavailable);
    expect(refused.length).toBeGreaterThan(0);
    for (const option of options) {
      expect(Boolean(option.unavailable)).toBe(!planAllowsScope(plan.allowedScopes, option.name));
      if (option.unavailable) expect(option.unavailable).toBe("Not on the basic plan");
    }
    const kept = refused[0].name;
    const editing = await scopeOptionsFor("client", [kept], undefined, standing);
    expect(editing.find((option) => option.name === kept)?.unavailable).toBeUndefined();
  });

  it("bounds nothing for the platform's own account", async () => {
    const admin = await createUser({ role: "admin", plan: "basic" });
    const standing = await planStanding(admin.id);
    expect(standing).toMatchObject({ maxActiveKeys: null, maxRequestsPerMinute: null, allowedScopes: null });
    expect((await scopeOptionsFor("admin", [], undefined, standing)).some((option) => option.unavailable)).toBe(false);
  });
});
