import type { VerifyResult } from "../types";

// A fake of Latchkey's HTTP API for the package's unit tests: a fetch that records what it was sent and answers what
// the test says. Tests against a real server are in tests/multi-instance/client-library.test.ts.

export interface SentCall {
  url: string;
  headers: Headers;
  body: Record<string, unknown>;
}

export type Answer = Response | Promise<Response> | (() => Response | Promise<Response>);

export function fakeFetch(answer: (call: SentCall) => Answer) {
  const calls: SentCall[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const call = { url: String(input), headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) };
    calls.push(call);
    const answered = answer(call);
    return typeof answered === "function" ? answered() : answered;
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

export const VALID_KEY = "lk_live_yVBQ4lwWx3wpnaGvNHTmgC6AqPVUYmIp0mGqMI";
export const OTHER_VALID_KEY = "lk_test_5pKSIX0byoSJmQ4PqD0RUKebcBtQqYVL23MyLG";
export const EVENT_ID = "0192f0c4-1a2b-7c3d-8e4f-a1b2c3d4e5f6";

export function verifyResult(overrides: Partial<VerifyResult> = {}): VerifyResult {
  return {
    valid: true,
    code: "valid",
    keyId: "5b0e1c34-8a3f-4a51-9e0e-6f1d2c3b4a59",
    accountId: "7d2c9f10-3b6e-4d2a-8c1f-0e9a8b7c6d5e",
    scopes: ["payments:read"],
    expiresAt: null,
    rateLimit: { limit: 600, remaining: 599, reset: 42 },
    eventId: EVENT_ID,
    ...overrides,
  };
}

export function refusedResult(code: VerifyResult["code"], overrides: Partial<VerifyResult> = {}): VerifyResult {
  return verifyResult({ valid: false, code, rateLimit: { limit: null, remaining: null, reset: null }, ...overrides });
}

export function errorAnswer(status: number, code: string, headers: Record<string, string> = {}) {
  return Response.json({ error: { code, message: `fake ${code}` } }, { status, headers });
}
