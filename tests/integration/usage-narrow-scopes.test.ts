import { describe, expect, it, vi } from "vitest";
import { findKeyForAccount } from "@/db/queries/keys";
import { writeUsageBatch } from "@/db/queries/usage-writes";
import { createUser, apiKeyFor, seasonKey } from "../support/factories";
import { auditEventsForKey } from "../support/inspect";

const session = vi.hoisted(() => ({ current: null as { user: { id: string } } | null }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(session.current)),
}));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers()),
  cookies: vi.fn(async () => ({ get: () => undefined })),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { narrowScopesAction } = await import("@/app/(dashboard)/keys/actions");

async function called(keyId: string, accountId: string, routes: [string, string][]) {
  await writeUsageBatch(
    routes.map(([method, route]) => ({ keyId, accountId, at: new Date(), method, route, status: 200, latencyMs: 2 })),
  );
}

describe("narrowScopesAction", () => {
  it("narrows a key to the scopes its calls needed, audited, for its owner only", async () => {
    const owner = await createUser();
    const other = await createUser();
    const { key } = await apiKeyFor(owner, ["keys:read", "keys:write", "usage:read"]);
    await seasonKey(key);
    await called(key.id, owner.id, [
      ["GET", "/api/v1/keys/:id"],
      ["GET", "/api/v1/me"],
    ]);

    session.current = { user: { id: other.id } };
    expect((await narrowScopesAction({ keyId: key.id, accountId: session.current?.user.id ?? "" })).ok).toBe(false);
    expect((await findKeyForAccount({ keyId: key.id, accountId: owner.id }))!.scopes.sort()).toEqual([
      "keys:read",
      "keys:write",
      "usage:read",
    ]);

    session.current = { user: { id: owner.id } };
    expect(await narrowScopesAction({ keyId: key.id, accountId: session.current?.user.id ?? "" })).toEqual({
      ok: true,
      scopes: ["keys:read"],
    });
    expect((await findKeyForAccount({ keyId: key.id, accountId: owner.id }))!.scopes).toEqual(["keys:read"]);
    expect((await auditEventsForKey(key.id)).map((e) => e.action)).toContain("key.update");
    // Nothing is left to narrow.
    expect((await narrowScopesAction({ keyId: key.id, accountId: session.current?.user.id ?? "" })).ok).toBe(false);
  });

  it("never narrows a key to nothing", async () => {
    const owner = await createUser();
    const { key } = await apiKeyFor(owner, ["keys:read", "usage:read"]);
    await seasonKey(key);
    await called(key.id, owner.id, [["GET", "/api/v1/me"]]);
    session.current = { user: { id: owner.id } };
    expect(await narrowScopesAction({ keyId: key.id, accountId: session.current?.user.id ?? "" })).toEqual({
      ok: false,
      error: "This key has no scopes to narrow.",
    });
    expect((await findKeyForAccount({ keyId: key.id, accountId: owner.id }))!.scopes.sort()).toEqual(["keys:read", "usage:read"]);
  });
});
