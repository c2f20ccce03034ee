import { beforeEach, describe, expect, it, vi } from "vitest";
import { POST as createKeyRoute } from "@/app/api/v1/keys/route";
import { PATCH as patchKeyRoute } from "@/app/api/v1/keys/[id]/route";
import { POST as rollKeyRoute } from "@/app/api/v1/keys/[id]/roll/route";
import { GET as me } from "@/app/api/v1/me/route";
import { POST as verifyRoute } from "@/app/api/v1/verify/route";
import { createKey, rollKey, updateKey } from "@/lib/keys/lifecycle";
import { PlanLimitError } from "@/lib/errors";
import { callRoute } from "../support/api";
import { actorOf, adminActorOf, createKeyInput, createUser, apiKeyFor } from "../support/factories";
import { rowCountsFor } from "../support/inspect";

// What Next.js and Auth.js would provide for a dashboard action: a session and the request's headers.
const request = vi.hoisted(() => ({ session: null as { user: { id: string } } | null }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(request.session)),
}));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers()),
  cookies: vi.fn(async () => ({ get: () => undefined })),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { createKeyAction, updateKeyAction, rollKeyAction } = await import("@/app/(dashboard)/keys/actions");
const { createClientKeyAction, setClientPlanAction } = await import("@/app/(dashboard)/admin/clients/actions");

const signInAs = (user: { id: string } | null) => {
  request.session = user && { user: { id: user.id } };
};

/** A form as the dashboard's pages post it: naming the account they show, the signed-in client's personal one. */
const form = (fields: Record<string, string | string[]>) => {
  const data = new FormData();
  if (request.session && !("clientId" in fields)) data.append("accountId", request.session.user.id);
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
};

const keyForm = {
  name: "Worker",
  description: "",
  scopes: ["keys:read"],
  environment: "live",
  rateLimit: "60",
  rateLimitWindow: "minute",
  expiry: "never",
};

async function basicClientWithKeys(n: number) {
  const client = await createUser({ plan: "basic" });
  for (let i = 0; i < n; i++)
    await createKey(actorOf(client), client.id, createKeyInput({ name: `k${i}`, scopes: ["keys:read"] }));
  return client;
}

describe("plan limits", () => {
  beforeEach(() => signInAs(null));

  it("refuses a sixth active key on basic through the lifecycle (the CLI's path) and counts only active keys", async () => {
    const client = await basicClientWithKeys(5);
    await expect(createKey(actorOf(client), client.id, createKeyInput({ scopes: ["keys:read"] }))).rejects.toThrow(
      "Your plan allows 5 active keys.",
    );
    const advanced = await createUser({ plan: "advanced" });
    for (let i = 0; i < 6; i++) await createKey(actorOf(advanced), advanced.id, createKeyInput({ scopes: ["keys:read"] }));
  });

  it("refuses over-limit keys from the dashboard action with the plan's message and changes nothing", async () => {
    const client = await basicClientWithKeys(5);
    signInAs(client);
    const before = await rowCountsFor({ accountId: client.id });
    const result = await createKeyAction(form(keyForm));
    expect(result).toMatchObject({ ok: false, error: "Your plan allows 5 active keys." });
    expect(await rowCountsFor({ accountId: client.id })).toEqual(before);
  });

  it("refuses a rate limit above the plan's, per hour normalised per minute, and a scope outside the plan", async () => {
    const client = await createUser({ plan: "basic" });
    signInAs(client);
    const tooFast = await createKeyAction(form({ ...keyForm, rateLimit: "601" }));
    expect(tooFast).toMatchObject({
      ok: false,
      fieldErrors: { rateLimit: ["Your plan allows at most 600 requests per minute."] },
    });
    const hourly = await createKeyAction(form({ ...keyForm, rateLimit: "36001", rateLimitWindow: "hour" }));
    expect(hourly).toMatchObject({ ok: false, error: "Your plan allows at most 600 requests per minute." });
    expect(await createKeyAction(form({ ...keyForm, rateLimit: "36000", rateLimitWindow: "hour" }))).toMatchObject({ ok: true });
    const scope = await createKeyAction(form({ ...keyForm, scopes: ["payments:write"] }));
    expect(scope).toMatchObject({ ok: false, fieldErrors: { scopes: [expect.stringContaining("payments:write")] } });
  });

  it("refuses raising a key's limit past the plan on edit, from the dashboard and the API", async () => {
    const client = await createUser({ plan: "basic" });
    const { key, secret } = await apiKeyFor(client, ["keys:read", "keys:write"]);
    signInAs(client);
    const edit = await updateKeyAction(
      form({
        keyId: key.id,
        name: key.name,
        description: "",
        scopes: key.scopes,
        rateLimit: "1000",
        rateLimitWindow: "minute",
        expiry: "keep",
      }),
    );
    expect(edit).toMatchObject({ ok: false, error: "Your plan allows at most 600 requests per minute." });
    const patch = await callRoute(patchKeyRoute, {
      method: "PATCH",
      path: `/keys/${key.id}`,
      params: { id: key.id },
      key: secret,
      body: { rateLimit: 1000 },
    });
    expect(patch.status).toBe(403);
    expect(patch.body.error.code).toBe("plan_limit");
    await expect(
      updateKey(
        actorOf(client),
        { keyId: key.id, accountId: client.id },
        { ...key, description: "", scopes: ["customers:write"] },
      ),
    ).rejects.toBeInstanceOf(PlanLimitError);
  });

  it("answers 403 plan_limit on POST /api/v1/keys past the key count", async () => {
    const client = await basicClientWithKeys(4);
    const { secret } = await apiKeyFor(client, ["keys:read", "keys:write"]);
    const { status, body } = await callRoute(createKeyRoute, {
      method: "POST",
      path: "/keys",
      key: secret,
      body: { name: "One more", scopes: ["keys:read"], environment: "live", rateLimit: 60, rateLimitWindow: "minute" },
    });
    expect(status).toBe(403);
    expect(body.error).toEqual({ code: "plan_limit", message: "Your plan allows 5 active keys." });
  });

  it("holds the admin acting for the client to the client's plan", async () => {
    const admin = await createUser({ role: "admin" });
    const client = await basicClientWithKeys(5);
    signInAs(admin);
    const before = await rowCountsFor({ accountId: client.id });
    const result = await createClientKeyAction(form({ ...keyForm, clientId: client.id }));
    expect(result).toMatchObject({ ok: false, error: "Your plan allows 5 active keys." });
    expect(await rowCountsFor({ accountId: client.id })).toEqual(before);
  });

  it("lets exactly one of ten concurrent creates through on a basic plan with four keys", async () => {
    const client = await basicClientWithKeys(4);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        createKey(actorOf(client), client.id, createKeyInput({ name: `race ${i}`, scopes: ["keys:read"] })),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.every((r) => r.reason instanceof PlanLimitError)).toBe(true);
    expect((await rowCountsFor({ accountId: client.id })).keys).toBe(5);
  });

  it("on plan none refuses creating and rolling, and the client's existing keys stop working until a plan returns", async () => {
    const admin = await createUser({ role: "admin" });
    const client = await createUser({ plan: "basic" });
    const { key, secret } = await apiKeyFor(client, ["keys:read", "keys:write"]);
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);

    signInAs(admin);
    expect(await setClientPlanAction({ clientId: client.id, plan: "none" })).toEqual({ ok: true });
    const refused = await callRoute(me, { path: "/me", key: secret });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("invalid_key");

    await expect(createKey(actorOf(client), client.id, createKeyInput({ scopes: ["keys:read"] }))).rejects.toThrow(
      /no API access/,
    );
    await expect(rollKey(actorOf(client), { keyId: key.id, accountId: client.id }, "now")).rejects.toBeInstanceOf(PlanLimitError);
    signInAs(client);
    expect(await createKeyAction(form(keyForm))).toMatchObject({ ok: false, error: expect.stringMatching(/no API access/) });
    expect(await rollKeyAction(form({ keyId: key.id, grace: "now" }))).toMatchObject({ ok: false });
    const roll = await callRoute(rollKeyRoute, {
      method: "POST",
      path: `/keys/${key.id}/roll`,
      params: { id: key.id },
      key: secret,
      body: {},
    });
    expect(roll.status).toBe(401);

    const verifier = (await apiKeyFor(admin, ["keys:verify"])).secret;
    const verified = await callRoute(verifyRoute, { method: "POST", path: "/verify", key: verifier, body: { key: secret } });
    expect(verified.body).toMatchObject({ valid: false, code: "no_plan", keyId: key.id });

    signInAs(admin);
    expect(await setClientPlanAction({ clientId: client.id, plan: "basic" })).toEqual({ ok: true });
    expect((await callRoute(me, { path: "/me", key: secret })).status).toBe(200);
  });

  it("grants admin-only scopes only by role, whatever the plan lists", async () => {
    const admin = await createUser({ role: "admin" });
    const client = await createUser({ plan: "advanced" });
    await expect(createKey(actorOf(client), client.id, createKeyInput({ scopes: ["keys:verify"] }))).rejects.toThrow();
    const basic = await createUser({ plan: "basic" });
    const { key } = await createKey(adminActorOf(admin), basic.id, createKeyInput({ scopes: ["keys:verify"] }));
    expect(key.scopes).toEqual(["keys:verify"]);
  });
});
