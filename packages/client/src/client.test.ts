import { afterEach, describe, expect, it, vi } from "vitest";
import { createLatchkey } from "./client";
import { LatchkeyError } from "./errors";
import { errorAnswer, fakeFetch, refusedResult, VALID_KEY, verifyResult } from "./test-support/fake-latchkey";

const BASE = "https://keys.example.test/";
const PLATFORM_KEY = "lk_live_platformplatformplatformplatfo000000";

afterEach(() => vi.useRealTimers());

function clientAnswering(answer: Parameters<typeof fakeFetch>[0], options = {}) {
  const fake = fakeFetch(answer);
  return {
    latchkey: createLatchkey({ baseUrl: BASE, platformKey: PLATFORM_KEY, fetch: fake.fetch, ...options }),
    calls: fake.calls,
  };
}

async function thrown(promise: Promise<unknown>): Promise<LatchkeyError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LatchkeyError);
  return error as LatchkeyError;
}

describe("verify", () => {
  it("posts the call to /api/v1/verify with the platform key and answers the typed result", async () => {
    const { latchkey, calls } = clientAnswering(() => Response.json(verifyResult()));
    const result = await latchkey.verify({
      key: VALID_KEY,
      scopes: ["payments:read"],
      ip: "203.0.113.7",
      method: "GET",
      path: "/payments/42",
      tags: ["region=eu"],
    });
    expect(result).toEqual(verifyResult());
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe("https://keys.example.test/api/v1/verify");
    expect(calls[0].headers.get("authorization")).toBe(`Bearer ${PLATFORM_KEY}`);
    expect(calls[0].headers.get("content-type")).toBe("application/json");
    expect(calls[0].body).toEqual({
      key: VALID_KEY,
      scopes: ["payments:read"],
      ip: "203.0.113.7",
      method: "GET",
      path: "/payments/42",
      tags: ["region=eu"],
    });
  });

  it("sends only the fields given", async () => {
    const { latchkey, calls } = clientAnswering(() => Response.json(verifyResult()));
    await latchkey.verify({ key: VALID_KEY, scopes: [], tags: [] });
    expect(calls[0].body).toEqual({ key: VALID_KEY });
  });

  it("answers a refusal as a result, not an error", async () => {
    const { latchkey } = clientAnswering(() => Response.json(refusedResult("revoked")));
    expect(await latchkey.verify({ key: VALID_KEY })).toMatchObject({ valid: false, code: "revoked" });
  });

  it("refuses a key failing the format or checksum as malformed without asking Latchkey", async () => {
    const { latchkey, calls } = clientAnswering(() => Response.json(verifyResult()), { keyPrefix: "lk" });
    for (const key of ["", "not-a-key", `${VALID_KEY.slice(0, -1)}x`, "acme_live_dyPV8jhRx3YzTtAyYmgWREohG9nqfdWb1gotqm"]) {
      expect(await latchkey.verify({ key })).toEqual({
        valid: false,
        code: "malformed",
        keyId: null,
        accountId: null,
        scopes: [],
        expiresAt: null,
        rateLimit: { limit: null, remaining: null, reset: null },
        eventId: null,
      });
    }
    expect(calls).toHaveLength(0);
  });

  it("reads a server's answer without eventId (from before reports) as no event", async () => {
    const { eventId: _, ...older } = verifyResult();
    const { latchkey } = clientAnswering(() => Response.json(older));
    expect((await latchkey.verify({ key: VALID_KEY })).eventId).toBeNull();
  });

  it("passes on secretEndsAt for a retiring secret, and reads an answer without it (older servers) as before", async () => {
    const endsAt = "2026-12-03T10:15:00.000Z";
    const retiring = clientAnswering(() => Response.json(verifyResult({ secretEndsAt: endsAt }))).latchkey;
    expect(await retiring.verify({ key: VALID_KEY })).toMatchObject({ valid: true, secretEndsAt: endsAt });
    const older = clientAnswering(() => Response.json(verifyResult())).latchkey;
    expect((await older.verify({ key: VALID_KEY })).valid).toBe(true);
    const garbled = clientAnswering(() => Response.json(verifyResult({ secretEndsAt: 42 as unknown as string }))).latchkey;
    expect((await thrown(garbled.verify({ key: VALID_KEY }))).kind).toBe("invalid_response");
  });

  it("throws a platform_key error for 401 and 403: the platform key is wrong, not the presented one", async () => {
    for (const [status, code] of [
      [401, "invalid_key"],
      [403, "insufficient_scope"],
    ] as const) {
      const { latchkey } = clientAnswering(() => errorAnswer(status, code));
      const error = await thrown(latchkey.verify({ key: VALID_KEY }));
      expect({ kind: error.kind, status: error.status, code: error.code }).toEqual({ kind: "platform_key", status, code });
    }
  });

  it("throws rate_limited for 429 and unavailable for 503, with Retry-After", async () => {
    const limited = clientAnswering(() => errorAnswer(429, "rate_limited", { "Retry-After": "12" })).latchkey;
    expect(await thrown(limited.verify({ key: VALID_KEY }))).toMatchObject({ kind: "rate_limited", retryAfter: 12 });
    const down = clientAnswering(() => errorAnswer(503, "service_unavailable", { "Retry-After": "5" })).latchkey;
    expect(await thrown(down.verify({ key: VALID_KEY }))).toMatchObject({ kind: "unavailable", status: 503, retryAfter: 5 });
    const proxy = clientAnswering(() => new Response("<html>Bad gateway</html>", { status: 502 })).latchkey;
    expect(await thrown(proxy.verify({ key: VALID_KEY }))).toMatchObject({ kind: "unavailable", status: 502 });
  });

  it("throws unavailable when Latchkey cannot be reached or does not answer in time", async () => {
    const unreachable = clientAnswering(() => Promise.reject(new TypeError("fetch failed"))).latchkey;
    expect(await thrown(unreachable.verify({ key: VALID_KEY }))).toMatchObject({ kind: "unavailable" });

    const fake = fakeFetch(() => Response.json(verifyResult()));
    const slow = createLatchkey({
      baseUrl: BASE,
      platformKey: PLATFORM_KEY,
      timeoutMs: 50,
      fetch: (input, init) =>
        new Promise((resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
          setTimeout(() => resolve(fake.fetch(input, init)), 1000);
        }),
    });
    const error = await thrown(slow.verify({ key: VALID_KEY }));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("50 ms");
  });

  it("throws unavailable when the answer's body stops coming before the timeout", async () => {
    const stalled = createLatchkey({
      baseUrl: BASE,
      platformKey: PLATFORM_KEY,
      timeoutMs: 50,
      fetch: async (_input, init) =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"valid":'));
              init?.signal?.addEventListener("abort", () => controller.error(init.signal?.reason));
            },
          }),
        ),
    });
    const error = await thrown(stalled.verify({ key: VALID_KEY }));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("50 ms");
  });

  it("throws bad_request with the refused fields for a 400", async () => {
    const { latchkey } = clientAnswering(() =>
      Response.json(
        {
          error: {
            code: "validation_failed",
            message: "refused",
            details: [{ path: "ip", message: "Send an IPv4 or IPv6 address." }],
          },
        },
        { status: 400 },
      ),
    );
    const error = await thrown(latchkey.verify({ key: VALID_KEY }));
    expect(error.kind).toBe("bad_request");
    expect(error.details.fields).toEqual([{ path: "ip", message: "Send an IPv4 or IPv6 address." }]);
  });

  it("throws invalid_response for a 200 it does not understand", async () => {
    for (const body of [
      {},
      { ...verifyResult(), code: "maybe" },
      { ...verifyResult(), valid: false },
      { ...verifyResult(), scopes: "all" },
    ]) {
      const { latchkey } = clientAnswering(() => Response.json(body));
      expect(await thrown(latchkey.verify({ key: VALID_KEY }))).toMatchObject({ kind: "invalid_response" });
    }
    const { latchkey } = clientAnswering(() => new Response("ok"));
    expect(await thrown(latchkey.verify({ key: VALID_KEY }))).toMatchObject({ kind: "invalid_response" });
  });
});

describe("createLatchkey", () => {
  it("refuses a configuration that could never work, at once", () => {
    expect(() => createLatchkey({ baseUrl: "keys.example.test", platformKey: PLATFORM_KEY })).toThrow(TypeError);
    expect(() => createLatchkey({ baseUrl: "ftp://keys.example.test", platformKey: PLATFORM_KEY })).toThrow(TypeError);
    expect(() => createLatchkey({ baseUrl: BASE, platformKey: "" })).toThrow(TypeError);
    expect(() => createLatchkey({ baseUrl: BASE, platformKey: undefined as unknown as string })).toThrow(TypeError);
    expect(() => createLatchkey({ baseUrl: BASE, platformKey: PLATFORM_KEY, timeoutMs: 0 })).toThrow(RangeError);
  });

  it("calls the global fetch as a method of globalThis, as browsers and workers require", async () => {
    const receivers: unknown[] = [];
    vi.stubGlobal("fetch", function (this: unknown) {
      receivers.push(this);
      return Promise.resolve(Response.json(verifyResult()));
    });
    try {
      await createLatchkey({ baseUrl: BASE, platformKey: PLATFORM_KEY }).verify({ key: VALID_KEY });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(receivers).toEqual([globalThis]);
  });
});

describe("the verification cache", () => {
  it("is off by default: every verification asks Latchkey, which counts and limits it", async () => {
    const { latchkey, calls } = clientAnswering(() => Response.json(verifyResult()));
    await latchkey.verify({ key: VALID_KEY });
    await latchkey.verify({ key: VALID_KEY });
    expect(calls).toHaveLength(2);
  });

  it("refuses a lifetime over 1000 ms, which would let a revoked key through for longer", () => {
    for (const ttlMs of [0, 1001, 60_000, Number.NaN]) {
      expect(() => createLatchkey({ baseUrl: BASE, platformKey: PLATFORM_KEY, cache: { ttlMs } })).toThrow(RangeError);
    }
  });

  it("reuses a valid answer for ttlMs counted from when it was sent, without its event", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    let answer = verifyResult();
    const { latchkey, calls } = clientAnswering(() => Response.json(answer), { cache: { ttlMs: 1000 } });
    const first = await latchkey.verify({ key: VALID_KEY, scopes: ["payments:read"], path: "/a" });
    expect(first.eventId).not.toBeNull();

    // Revoked right after the answer was given: the cached answer is used until 1000 ms after it was sent, not after.
    answer = { ...verifyResult(), valid: false, code: "revoked", scopes: [] };
    vi.advanceTimersByTime(999);
    const cached = await latchkey.verify({ key: VALID_KEY, scopes: ["payments:read"], path: "/b" });
    expect(cached).toEqual({ ...verifyResult(), eventId: null });
    expect(calls).toHaveLength(1);

    vi.advanceTimersByTime(1);
    expect(await latchkey.verify({ key: VALID_KEY, scopes: ["payments:read"] })).toMatchObject({ valid: false, code: "revoked" });
    expect(calls).toHaveLength(2);
  });

  it("keeps answers apart by key, scopes and address, and never keeps a refusal", async () => {
    const { latchkey, calls } = clientAnswering(
      (call) => Response.json(call.body.ip === "198.51.100.9" ? refusedResult("ip_not_allowed") : verifyResult()),
      { cache: { ttlMs: 1000 } },
    );
    await latchkey.verify({ key: VALID_KEY, scopes: ["a", "b"] });
    await latchkey.verify({ key: VALID_KEY, scopes: ["b", "a"] });
    expect(calls).toHaveLength(1);
    await latchkey.verify({ key: VALID_KEY, scopes: ["a"] });
    await latchkey.verify({ key: VALID_KEY, scopes: ["a", "b"], ip: "198.51.100.9" });
    await latchkey.verify({ key: VALID_KEY, scopes: ["a", "b"], ip: "198.51.100.9" });
    expect(calls).toHaveLength(4);
  });
});
