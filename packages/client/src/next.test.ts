import type { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { createLatchkey } from "./client";
import { latchkeyForNext } from "./next";
import {
  EVENT_ID,
  errorAnswer,
  fakeFetch,
  refusedResult,
  type SentCall,
  VALID_KEY,
  verifyResult,
} from "./test-support/fake-latchkey";
import type { VerifiedKey } from "./types";

function setUp(answer: (call: SentCall) => Response | Promise<Response>, defaults = {}) {
  const fake = fakeFetch(answer);
  const errors: unknown[] = [];
  const latchkey = createLatchkey({ baseUrl: "https://keys.example.test", platformKey: "platform", fetch: fake.fetch });
  const reported = vi.spyOn(latchkey, "report").mockImplementation(() => {});
  const withLatchkey = latchkeyForNext(latchkey, { onError: (error) => errors.push(error), ...defaults });
  const verifyCalls = () => fake.calls.filter((call) => call.url.endsWith("/verify"));
  return { withLatchkey, verifyCalls, reported, errors };
}

const request = (headers: Record<string, string> = { Authorization: `Bearer ${VALID_KEY}` }, path = "/api/payments/42?x=1") =>
  new Request(`https://platform.example.test${path}`, { headers });

describe("withLatchkey (Next.js route handlers)", () => {
  it("verifies the call and hands the handler the verified key; reports its status afterwards", async () => {
    const { withLatchkey, verifyCalls, reported } = setUp(() => Response.json(verifyResult()));
    let seen: VerifiedKey | undefined;
    const GET = withLatchkey(
      async (_request, key, context: { params: Promise<{ id: string }> }) => {
        seen = key;
        return Response.json({ id: (await context.params).id }, { status: 201 });
      },
      { scopes: ["payments:read"], tags: ["route=payments"] },
    );
    const response = await GET(request(), { params: Promise.resolve({ id: "42" }) });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: "42" });
    expect(response.headers.get("ratelimit")).toBe('"key";r=599;t=42');
    expect(seen).toEqual(verifyResult());
    expect(verifyCalls()[0].body).toEqual({
      key: VALID_KEY,
      scopes: ["payments:read"],
      method: "GET",
      path: "/api/payments/42",
      tags: ["route=payments"],
    });
    expect(reported).toHaveBeenCalledWith({ eventId: EVENT_ID, status: 201, latencyMs: expect.any(Number) });
  });

  it("answers 401 missing_key without asking Latchkey when no key is sent", async () => {
    const { withLatchkey, verifyCalls } = setUp(() => Response.json(verifyResult()));
    const handler = vi.fn();
    const response = await withLatchkey(handler)(request({}), {});
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="api"');
    expect(await response.json()).toEqual({ error: { code: "missing_key", message: expect.any(String) } });
    expect(handler).not.toHaveBeenCalled();
    expect(verifyCalls()).toHaveLength(0);
  });

  it("answers 400 conflicting_keys for two different keys, 401 for a malformed one", async () => {
    const { withLatchkey } = setUp(() => Response.json(verifyResult()));
    const handler = vi.fn();
    const conflicting = await withLatchkey(handler)(request({ Authorization: `Bearer ${VALID_KEY}`, "X-API-Key": "other" }), {});
    expect(conflicting.status).toBe(400);
    const malformed = await withLatchkey(handler)(request({ "X-API-Key": "lk_live_typo" }), {});
    expect(malformed.status).toBe(401);
    expect((await malformed.json()).error.code).toBe("invalid_key");
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers Latchkey's refusals 401, 403 and 429 with Retry-After, and reports nothing for them", async () => {
    const cases = [
      [refusedResult("revoked"), 401, "invalid_key"],
      [refusedResult("insufficient_scope"), 403, "insufficient_scope"],
      [refusedResult("ip_not_allowed"), 403, "ip_not_allowed"],
      [refusedResult("rate_limited", { rateLimit: { limit: 10, remaining: 0, reset: 30 } }), 429, "rate_limited"],
    ] as const;
    for (const [result, status, code] of cases) {
      const { withLatchkey, reported } = setUp(() => Response.json(result));
      const handler = vi.fn();
      const response = await withLatchkey(handler, { scopes: ["payments:write"] })(request(), {});
      expect({ status: response.status, code: (await response.json()).error.code }).toEqual({ status, code });
      if (status === 429) expect(response.headers.get("retry-after")).toBe("30");
      expect(handler).not.toHaveBeenCalled();
      expect(reported).not.toHaveBeenCalled();
    }
  });

  it("fails closed with 503 when Latchkey cannot be asked, and tells onError", async () => {
    for (const answer of [
      () => errorAnswer(503, "service_unavailable", { "Retry-After": "5" }),
      () => errorAnswer(401, "invalid_key"),
      () => Promise.reject(new TypeError("fetch failed")),
    ]) {
      const { withLatchkey, errors } = setUp(answer);
      const handler = vi.fn();
      const response = await withLatchkey(handler)(request(), {});
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect((await response.json()).error.code).toBe("service_unavailable");
      expect(handler).not.toHaveBeenCalled();
      expect(errors).toHaveLength(1);
    }
  });

  it("still answers 503 when onError itself throws", async () => {
    const { withLatchkey } = setUp(() => errorAnswer(503, "service_unavailable"), {
      onError: () => {
        throw new Error("logger down");
      },
    });
    expect((await withLatchkey(() => new Response("never"))(request(), {})).status).toBe(503);
  });

  it("reports 500 for a handler that throws, and lets the error through", async () => {
    const { withLatchkey, reported } = setUp(() => Response.json(verifyResult()));
    const GET = withLatchkey(() => {
      throw new Error("boom");
    });
    await expect(GET(request(), {})).rejects.toThrow("boom");
    expect(reported).toHaveBeenCalledWith(expect.objectContaining({ status: 500 }));
  });

  it("reports nothing when Latchkey recorded no event, or when told not to", async () => {
    const noEvent = setUp(() => Response.json(verifyResult({ eventId: null })));
    await noEvent.withLatchkey(() => new Response("ok"))(request(), {});
    expect(noEvent.reported).not.toHaveBeenCalled();
    const quiet = setUp(() => Response.json(verifyResult()));
    await quiet.withLatchkey(() => new Response("ok"), { report: false })(request(), {});
    expect(quiet.reported).not.toHaveBeenCalled();
  });

  it("adds the RateLimit fields to an immutable response too, and keeps the handler's own", async () => {
    const { withLatchkey } = setUp(() => Response.json(verifyResult()));
    const redirected = await withLatchkey(() => Response.redirect("https://platform.example.test/elsewhere", 302))(request(), {});
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("ratelimit")).toBe('"key";r=599;t=42');
    const own = await withLatchkey(() => new Response("ok", { headers: { RateLimit: "mine" } }))(request(), {});
    expect(own.headers.get("ratelimit")).toBe("mine");
  });

  it("sends no address by default, X-Forwarded-For only behind trusted proxies, or what clientIp says", async () => {
    const forwarded = { Authorization: `Bearer ${VALID_KEY}`, "X-Forwarded-For": "198.51.100.66, 203.0.113.7" };
    const untrusting = setUp(() => Response.json(verifyResult()));
    await untrusting.withLatchkey(() => new Response("ok"))(request(forwarded), {});
    expect(untrusting.verifyCalls()[0].body.ip).toBeUndefined();

    const behindOne = setUp(() => Response.json(verifyResult()), { trustProxy: 1 });
    await behindOne.withLatchkey(() => new Response("ok"))(request(forwarded), {});
    expect(behindOne.verifyCalls()[0].body.ip).toBe("203.0.113.7");

    const custom = setUp(() => Response.json(verifyResult()), { clientIp: (r: Request) => r.headers.get("x-real-ip") });
    await custom.withLatchkey(() => new Response("ok"))(request({ ...forwarded, "X-Real-IP": "::ffff:192.0.2.1" }), {});
    expect(custom.verifyCalls()[0].body.ip).toBe("192.0.2.1");
  });

  it("makes handlers that pass Next.js's route type check (tsc checks this test)", () => {
    // As .next/types/validator.ts declares each method of a route file.
    type RouteHandler<Params> = (
      request: NextRequest,
      context: { params: Promise<Params> },
    ) => Promise<Response | undefined> | Response | undefined;
    const { withLatchkey } = setUp(() => Response.json(verifyResult()));
    const GET: RouteHandler<{ id: string }> = withLatchkey(
      async (_request, key, { params }: { params: Promise<{ id: string }> }) =>
        Response.json({ id: (await params).id, key: key.keyId }),
      { scopes: ["payments:read"] },
    );
    const POST: RouteHandler<Record<string, never>> = withLatchkey(() => new Response(null, { status: 204 }));
    expect([typeof GET, typeof POST]).toEqual(["function", "function"]);
  });
});
