import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { SOCKET_IP_HEADER } from "@/lib/http/client-ip";
import { createKey } from "@/lib/keys/lifecycle";
import { createKeySchema } from "@/lib/validations/key";
import { createUser } from "../support/factories";
import { auditEventsForKey, deniedAttempts } from "../support/inspect";

// What Next.js and Auth.js would provide for a request: a session and the request's headers.
const request = vi.hoisted(() => ({
  session: null as { user: { id: string } } | null,
  headers: {} as Record<string, string>,
}));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(request.session)),
}));
vi.mock("next/headers", () => ({
  headers: vi.fn(async () => new Headers(request.headers)),
  cookies: vi.fn(async () => ({ get: () => undefined })),
}));

const { authedAction } = await import("@/lib/http/server-action");

function signInAs(user: { id: string } | null) {
  request.session = user && { user: { id: user.id } };
}

const echoSchema = z.object({ name: z.string().min(1, "Name is required."), count: z.coerce.number().int() }).strict();

describe("authedAction", () => {
  const handler = vi.fn(async (data: z.output<typeof echoSchema>, _context?: { actor: { ip: string | null } }) => ({
    ok: true as const,
    echoed: data,
  }));

  beforeEach(() => {
    handler.mockClear();
    signInAs(null);
    // As server.mjs hands a request on: the socket's address in its own header, and whatever X-Forwarded-For the
    // client chose to send (here a spoofed one, which must not reach the trail).
    request.headers = {
      [SOCKET_IP_HEADER]: "198.51.100.9",
      "x-forwarded-for": "203.0.113.66",
      "user-agent": "Mozilla/5.0 (vitest)",
    };
  });

  it("refuses a caller without a session, before reading the input", async () => {
    const action = authedAction(echoSchema, handler);
    expect(await action({ name: "x", count: 1 })).toEqual({ ok: false, error: "Your session has ended. Sign in again." });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses a session whose user was suspended or no longer exists", async () => {
    const action = authedAction(echoSchema, handler);
    signInAs(await createUser({ status: "suspended" }));
    expect(await action({ name: "x", count: 1 })).toMatchObject({ ok: false });
    signInAs({ id: "00000000-0000-4000-8000-000000000000" });
    expect(await action({ name: "x", count: 1 })).toMatchObject({ ok: false });
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers bad input with field errors and never calls the handler", async () => {
    signInAs(await createUser());
    const result = await authedAction(echoSchema, handler)({ name: "", count: "many", extra: "field" });
    expect(result).toEqual({
      ok: false,
      error: "Check the highlighted fields.",
      fieldErrors: { name: ["Name is required."], count: [expect.any(String)], form: [expect.stringContaining("extra")] },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it("parses a form post and passes the data, the user and the request's actor", async () => {
    const user = await createUser();
    signInAs(user);
    const form = new FormData();
    form.append("$ACTION_ID_0123", "");
    form.append("name", "Order service");
    form.append("count", "3");

    expect(await authedAction(echoSchema, handler)(form)).toEqual({ ok: true, echoed: { name: "Order service", count: 3 } });
    expect(handler).toHaveBeenCalledWith(
      { name: "Order service", count: 3 },
      {
        user: expect.objectContaining({ id: user.id }),
        // The personal account (the user's own id), the user its owner: the actor acts as that member.
        account: expect.objectContaining({ id: user.id, kind: "personal" }),
        role: "owner",
        actor: {
          userId: user.id,
          keyId: null,
          role: "client",
          ip: "198.51.100.9",
          userAgent: "Mozilla/5.0 (vitest)",
          member: { accountId: user.id, role: "owner" },
        },
        sessionId: expect.any(String),
      },
    );
  });

  it("records the socket's address, never an X-Forwarded-For the client sent", async () => {
    const user = await createUser();
    signInAs(user);
    for (const forwarded of ["203.0.113.66", "203.0.113.66, 10.0.0.2", "not an address"]) {
      request.headers["x-forwarded-for"] = forwarded;
      await authedAction(echoSchema, handler)({ name: "x", count: 1 });
      expect(handler.mock.calls.at(-1)?.[1]?.actor).toMatchObject({ ip: "198.51.100.9" });
    }
  });

  it("with the admin role option, refuses a client and lets an admin through", async () => {
    const action = authedAction(echoSchema, handler, { role: "admin" });
    signInAs(await createUser());
    expect(await action({ name: "x", count: 1 })).toEqual({ ok: false, error: "Only admins can do that." });
    expect(handler).not.toHaveBeenCalled();

    signInAs(await createUser({ role: "admin" }));
    expect(await action({ name: "x", count: 1 })).toMatchObject({ ok: true });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("records a client's refused admin action in the audit trail, named by the action", async () => {
    const client = await createUser();
    signInAs(client);
    expect(
      await authedAction(echoSchema, handler, { role: "admin", audit: "account.suspend" })({ name: "x", count: 1 }),
    ).toMatchObject({
      ok: false,
    });
    await authedAction(echoSchema, handler, { role: "admin" })({ name: "x", count: 1 });
    const denied = await deniedAttempts(client.id);
    expect(denied.map((e) => e.action)).toEqual(["account.suspend.denied", "admin.denied"]);
    expect(denied[0]).toMatchObject({
      actorUserId: client.id,
      accountId: client.id,
      ip: "198.51.100.9",
      userAgent: "Mozilla/5.0 (vitest)",
      changes: { reason: { to: "missing_role" }, requiredRole: { to: "admin" } },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it("turns an expected failure into its message and hides an unexpected one", async () => {
    signInAs(await createUser());
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const failing = authedAction(echoSchema, async () => {
        throw new Error("connection string postgres://secret@db leaked");
      });
      const result = await failing({ name: "x", count: 1 });
      expect(result).toEqual({ ok: false, error: "Something went wrong on our side. Nothing was changed; try again." });
      expect(JSON.stringify(result)).not.toContain("secret@db");
      expect(quiet).toHaveBeenCalled();
    } finally {
      quiet.mockRestore();
    }
  });

  it("creates a key end to end, audited with the caller's address", async () => {
    const user = await createUser();
    signInAs(user);
    const create = authedAction(
      createKeySchema,
      async (data, { user, actor }) => {
        const { key, secret } = await createKey(actor, user.id, data);
        return { ok: true, keyId: key.id, secret };
      },
      { arrays: ["scopes"] },
    );
    const form = new FormData();
    for (const [name, value] of Object.entries({ name: "From a form", environment: "test", rateLimit: "60" }))
      form.append(name, value);
    form.append("rateLimitWindow", "minute");
    form.append("expiry", "never");
    form.append("scopes", "usage:read");
    form.append("scopes", "keys:read");

    const result = await create(form);
    if (!result.ok) throw new Error(`action failed: ${result.error} ${JSON.stringify(result.fieldErrors)}`);
    const [event] = await auditEventsForKey(result.keyId);
    expect(event).toMatchObject({
      action: "key.create",
      actorUserId: user.id,
      ip: "198.51.100.9",
      userAgent: "Mozilla/5.0 (vitest)",
    });
    expect(event.changes?.scopes).toEqual({ to: ["keys:read", "usage:read"] });

    const refused = await create({ ...Object.fromEntries(form), scopes: ["keys:verify"] });
    expect(refused).toEqual({
      ok: false,
      error: "Only an admin can grant that scope.",
      fieldErrors: { scopes: ['The scope "keys:verify" can only be granted by an admin.'] },
    });
  });
});
