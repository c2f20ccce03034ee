import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { createLatchkey } from "./client";
import { type GuardedRequest, latchkeyForExpress } from "./express";
import {
  EVENT_ID,
  errorAnswer,
  fakeFetch,
  refusedResult,
  type SentCall,
  VALID_KEY,
  verifyResult,
} from "./test-support/fake-latchkey";

// The middleware against stand-ins of node's request and response; a real Express app runs it against a real
// Latchkey in tests/multi-instance/client-library.test.ts.

function setUp(answer: (call: SentCall) => Response | Promise<Response>, defaults = {}) {
  const fake = fakeFetch(answer);
  const latchkey = createLatchkey({ baseUrl: "https://keys.example.test", platformKey: "platform", fetch: fake.fetch });
  const reported = vi.spyOn(latchkey, "report").mockImplementation(() => {});
  return { requireKey: latchkeyForExpress(latchkey, defaults), calls: fake.calls, reported };
}

function fakeRequest(headers: Record<string, string | readonly string[]> = { authorization: `Bearer ${VALID_KEY}` }, extra = {}) {
  return Object.assign(new EventEmitter(), {
    headers,
    method: "POST",
    url: "/42?expand=1",
    originalUrl: "/payments/42?expand=1",
    ip: "::ffff:203.0.113.7",
    socket: { remoteAddress: "10.0.0.2" },
    ...extra,
  }) as unknown as GuardedRequest;
}

class FakeResponse extends EventEmitter {
  statusCode = 200;
  headers: Record<string, string> = {};
  body = "";
  setHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  end(body = "") {
    this.body = body;
    this.emit("finish");
  }
}

async function run(middleware: ReturnType<ReturnType<typeof latchkeyForExpress>>, request = fakeRequest()) {
  const response = new FakeResponse();
  const next = vi.fn();
  await middleware(request, response as unknown as ServerResponse, next);
  return { request, response, next };
}

describe("requireKey (Express)", () => {
  it("puts the verified key on req.latchkey, calls next, and reports the status on finish", async () => {
    const { requireKey, calls, reported } = setUp(() => Response.json(verifyResult()));
    const { request, response, next } = await run(requireKey({ scopes: ["payments:write"] }));
    expect(next).toHaveBeenCalledWith();
    expect(request.latchkey).toEqual(verifyResult());
    expect(response.headers.ratelimit).toBe('"key";r=599;t=42');
    expect(calls[0].body).toEqual({
      key: VALID_KEY,
      scopes: ["payments:write"],
      ip: "203.0.113.7",
      method: "POST",
      path: "/payments/42",
    });
    expect(reported).not.toHaveBeenCalled();
    response.statusCode = 204;
    response.end();
    expect(reported).toHaveBeenCalledWith({ eventId: EVENT_ID, status: 204, latencyMs: expect.any(Number) });
  });

  it("answers refusals itself in Latchkey's envelope and never calls next", async () => {
    const cases = [
      [{}, Response.json(verifyResult()), 401, "missing_key"],
      [{ "x-api-key": [VALID_KEY, VALID_KEY] }, Response.json(verifyResult()), 400, "conflicting_keys"],
      [undefined, Response.json(refusedResult("expired")), 401, "invalid_key"],
      [undefined, Response.json(refusedResult("insufficient_scope")), 403, "insufficient_scope"],
      [
        undefined,
        Response.json(refusedResult("rate_limited", { rateLimit: { limit: 5, remaining: 0, reset: 9 } })),
        429,
        "rate_limited",
      ],
      [undefined, errorAnswer(503, "service_unavailable"), 503, "service_unavailable"],
    ] as const;
    for (const [headers, answer, status, code] of cases) {
      const { requireKey, reported } = setUp(() => answer.clone());
      const { response, next } = await run(requireKey({ scopes: ["payments:write"] }), fakeRequest(headers));
      expect({ status: response.statusCode, code: JSON.parse(response.body).error.code }).toEqual({ status, code });
      expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
      if (status === 429) expect(response.headers["retry-after"]).toBe("9");
      expect(next).not.toHaveBeenCalled();
      expect(reported).not.toHaveBeenCalled();
    }
  });

  it("takes the address from req.ip (Express's own trust proxy), the socket without Express, or clientIp", async () => {
    const viaExpress = setUp(() => Response.json(verifyResult()));
    await run(
      viaExpress.requireKey(),
      fakeRequest(undefined, { headers: { authorization: `Bearer ${VALID_KEY}`, "x-forwarded-for": "1.1.1.1" } }),
    );
    expect(viaExpress.calls[0].body.ip).toBe("203.0.113.7");

    const bare = setUp(() => Response.json(verifyResult()));
    await run(bare.requireKey(), fakeRequest(undefined, { ip: undefined }));
    expect(bare.calls[0].body.ip).toBe("10.0.0.2");

    const custom = setUp(() => Response.json(verifyResult()), { clientIp: () => "2001:db8::7" });
    await run(custom.requireKey(), fakeRequest());
    expect(custom.calls[0].body.ip).toBe("2001:db8::7");
  });
});
