import { NextRequest } from "next/server";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/infra/logger";
import { config, proxy } from "@/proxy";

const ORIGIN = "http://localhost:3000";
const SESSION = { cookie: "authjs.session-token=a-session" };
// What Chromium sends with a server action's fetch from one of the app's own pages.
const OWN_PAGE = { origin: ORIGIN, "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors" };
const ACTION = { "next-action": "7f2d7c37d0ce53712235c7609b8942d4d847f56222", "content-type": "text/plain;charset=UTF-8" };
const NAVIGATION = {
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "sec-fetch-mode": "navigate",
  "sec-fetch-site": "none",
};

function send(path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  const method = init.method ?? "GET";
  return proxy(
    new NextRequest(`${ORIGIN}${path}`, {
      method,
      headers: { host: "localhost:3000", ...init.headers },
      ...(method !== "GET" && { body: "[]" }),
    }),
  );
}

/** NextResponse.next(): the request goes on to the page, the action or the route handler. */
const wentOn = (response: Response) => response.headers.get("x-middleware-next") === "1";

describe("proxy: a server action or form post another site may have forged", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is refused with 403 before any action runs, when the browser marks it cross-site, and the refusal is logged", async () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => undefined as never);
    const response = await send("/keys/00000000-0000-4000-8000-000000000000", {
      method: "POST",
      headers: { ...SESSION, ...ACTION, "sec-fetch-site": "cross-site" },
    });
    expect(response.status).toBe(403);
    expect(wentOn(response)).toBe(false);
    expect(await response.json()).toEqual({
      error: { code: "forbidden", message: "This request did not come from Latchkey's own pages, so it was refused." },
    });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ refusal: "fetch-site", method: "POST", path: "/keys/00000000-0000-4000-8000-000000000000" }),
      "cross-site request refused",
    );
  });

  it("is refused with neither Origin nor Sec-Fetch-Site, or from a sibling host of the same site", async () => {
    vi.spyOn(logger, "warn").mockImplementation(() => undefined as never);
    for (const marks of [{}, { "sec-fetch-site": "same-site" }, { origin: "https://evil.example" }] as Record<string, string>[]) {
      const response = await send("/keys", { method: "POST", headers: { ...SESSION, ...ACTION, ...marks } });
      expect(response.status, JSON.stringify(marks)).toBe(403);
    }
  });

  it("is refused on the sign-in and sign-up forms too, which no session protects", async () => {
    vi.spyOn(logger, "warn").mockImplementation(() => undefined as never);
    for (const path of ["/sign-in", "/sign-up"]) {
      expect((await send(path, { method: "POST", headers: ACTION })).status).toBe(403);
    }
  });

  it("goes on when it comes from the app's own pages", async () => {
    expect(wentOn(await send("/keys", { method: "POST", headers: { ...SESSION, ...ACTION, ...OWN_PAGE } }))).toBe(true);
    // A browser without Fetch Metadata (older, or on a plain-HTTP host) still sends Origin with a POST.
    expect(wentOn(await send("/sign-in", { method: "POST", headers: { ...ACTION, origin: ORIGIN } }))).toBe(true);
  });

  it("is seen on every path Next.js would run a server action on, not only the pages", () => {
    const matches = (url: string, headers: Record<string, string> = {}) => unstable_doesMiddlewareMatch({ config, url, headers });
    expect(matches("/keys")).toBe(true);
    // Next.js runs an action posted to a path it answers with the not-found page.
    expect(matches("/api/no-such-route", ACTION)).toBe(true);
    expect(matches("/favicon.ico", ACTION)).toBe(true);
    // The integrator API itself stays outside the proxy.
    expect(matches("/api/v1/me")).toBe(false);
    // So do the gateway and its demo upstream: a proxy would buffer (and cap) their streamed bodies.
    expect(matches("/gw/demo/echo/a")).toBe(false);
    expect(matches("/demo-upstream/echo/a")).toBe(false);
    expect(matches("/gwx")).toBe(true);
  });
});

describe("proxy: a signed-in area asked for without a session cookie", () => {
  it("answers a request carrying an API key with 401 and the error envelope, not a redirect", async () => {
    for (const headers of [{ authorization: "Bearer lk_live_x" }, { "x-api-key": "lk_live_x" }] as Record<string, string>[]) {
      const response = await send("/usage/export?days=7", { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toMatchObject({ error: { code: "unauthenticated" } });
    }
  });

  it("answers a request asking for JSON with 401 too", async () => {
    const response = await send("/keys", { headers: { accept: "application/json" } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "unauthenticated" } });
  });

  it("still sends a browser loading the page to sign in and back", async () => {
    const response = await send("/usage/export?days=7", { headers: NAVIGATION });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/sign-in?callbackUrl=%2Fusage%2Fexport%3Fdays%3D7`);
  });

  it("leaves a request with a cookie to the route handler, which checks the session itself", async () => {
    expect(wentOn(await send("/usage/export", { headers: { ...SESSION, authorization: "Bearer lk_live_x" } }))).toBe(true);
  });
});
