import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { notFound } from "@/lib/errors";
import { logger } from "@/lib/infra/logger";
import { createUser } from "../support/factories";
import { deniedAttempts } from "../support/inspect";

const session = vi.hoisted(() => ({ current: null as { user: { id: string } } | null }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(session.current)),
}));

const { sessionRoute } = await import("@/lib/http/session-route");

const request = () =>
  new NextRequest("http://localhost/usage/export", {
    headers: { "x-latchkey-socket-ip": "198.51.100.30", "user-agent": "vitest" },
  });

async function answer(handler: () => Promise<Response>, options?: Parameters<typeof sessionRoute>[1]) {
  const response = await sessionRoute(handler, options)(request());
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe("sessionRoute", () => {
  beforeEach(() => {
    session.current = null;
  });

  it("answers 401 unauthenticated without a session, before the handler runs", async () => {
    const handler = vi.fn(async () => Response.json({ ok: true }));
    const result = await answer(handler);
    expect(result).toMatchObject({ status: 401, body: { error: { code: "unauthenticated" } } });
    expect(result.headers.get("cache-control")).toBe("no-store");
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses a client an admin route with 403 and records the attempt with the socket's address", async () => {
    const client = await createUser();
    session.current = { user: { id: client.id } };
    const handler = vi.fn(async () => Response.json({ ok: true }));
    expect(await answer(handler, { role: "admin", audit: "test.export" })).toMatchObject({
      status: 403,
      body: { error: { code: "forbidden" } },
    });
    expect(handler).not.toHaveBeenCalled();
    const [denied] = await deniedAttempts(client.id);
    expect(denied).toMatchObject({ action: "test.export.denied", actorUserId: client.id, ip: "198.51.100.30" });
  });

  it("answers a domain refusal with its envelope code", async () => {
    session.current = { user: { id: (await createUser()).id } };
    expect(
      await answer(async () => {
        throw notFound();
      }),
    ).toMatchObject({ status: 404, body: { error: { code: "not_found", message: "Key not found." } } });
  });

  it("answers 503 with Retry-After when the database cannot answer, and a generic 500 otherwise", async () => {
    session.current = { user: { id: (await createUser()).id } };
    const log = vi.spyOn(logger, "error").mockImplementation(() => undefined as never);
    try {
      const unavailable = await answer(async () => {
        throw Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" });
      });
      expect(unavailable).toMatchObject({ status: 503, body: { error: { code: "service_unavailable" } } });
      expect(unavailable.headers.get("retry-after")).toBe("5");

      const broken = await answer(async () => {
        throw new Error("secret internal detail");
      });
      expect(broken).toMatchObject({ status: 500, body: { error: { code: "internal_error" } } });
      expect(JSON.stringify(broken.body)).not.toContain("secret internal detail");
      expect(log).toHaveBeenCalledWith(expect.objectContaining({ path: "/usage/export" }), "signed-in request failed");
    } finally {
      log.mockRestore();
    }
  });
});
