import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createKey } from "@/lib/keys/lifecycle";
import { callRoute } from "../support/api";
import { createKeyInput, actorOf, createUser } from "../support/factories";

const TOKEN = "metrics-token-for-tests-0123456789abcdef";
const session = vi.hoisted(() => ({ current: null as { user: { id: string } } | null }));
vi.mock("@/auth", () => ({
  auth: vi.fn(async () => (await import("@/tests/support/live-session")).withLiveSession(session.current)),
}));
process.env.METRICS_TOKEN = TOKEN;

const { GET: metricsRoute } = await import("@/app/api/metrics/route");
const { GET: me } = await import("@/app/api/v1/me/route");

async function scrape(headers: Record<string, string> = {}) {
  const response = await metricsRoute(new NextRequest("http://localhost/api/metrics", { headers }));
  return { status: response.status, text: await response.text(), type: response.headers.get("content-type") };
}

describe("GET /api/metrics", () => {
  beforeEach(() => {
    session.current = null;
  });

  it("is closed to anonymous callers, clients and wrong tokens", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape({ authorization: "Bearer wrong-token" })).status).toBe(401);
    const client = await createUser();
    session.current = { user: { id: client.id } };
    expect((await scrape()).status).toBe(403);
  });

  it("serves the Prometheus text format to the token holder and to admins, with the service's figures", async () => {
    const owner = await createUser();
    const { secret } = await createKey(actorOf(owner), owner.id, createKeyInput());
    await callRoute(me, { path: "/me", key: secret });
    await callRoute(me, { path: "/me", key: secret });
    await callRoute(me, { path: "/me", key: "lk_live_nonsense" });

    const viaToken = await scrape({ authorization: `Bearer ${TOKEN}` });
    expect(viaToken.status).toBe(200);
    expect(viaToken.type).toContain("text/plain");
    for (const name of [
      "latchkey_api_key_verification_seconds_bucket",
      "latchkey_api_responses_total",
      "latchkey_key_cache_hit_ratio",
      "latchkey_usage_buffer_depth",
      'latchkey_usage_events{fate="dropped"}',
    ]) {
      expect(viaToken.text).toContain(name);
    }
    expect(viaToken.text).toMatch(/latchkey_api_responses_total\{status="200",code="ok"\} [2-9]/);
    expect(viaToken.text).toMatch(/latchkey_api_responses_total\{status="401",code="invalid_key"\} [1-9]/);
    expect(viaToken.text).toMatch(/latchkey_key_cache_hit_ratio 0\.[1-9]/);
    expect(viaToken.text).not.toContain(secret);

    const admin = await createUser({ role: "admin" });
    session.current = { user: { id: admin.id } };
    expect((await scrape()).status).toBe(200);
  });
});
