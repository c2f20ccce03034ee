import { NextResponse, type NextRequest } from "next/server";
import { clientIp } from "@/lib/http/client-ip";
import { crossSiteRefusal } from "@/lib/http/cross-site";
import { errorResponse } from "@/lib/http/envelope";
import { expectsJson } from "@/lib/http/expects-json";
import { env } from "@/lib/infra/env";
import { logger } from "@/lib/infra/logger";

// Runs for pages (the matcher leaves out the API, the gateway, static files and images) and for anything carrying a server
// action's header, for three things:
// 1. Refusing a state-changing request another site may have forged (lib/http/cross-site.ts) before any server action
//    runs: every action, the sign-in and sign-up forms' included, is a POST that passes here (see the matcher), so
//    this one place sees them all.
// 2. A Content-Security-Policy with a fresh nonce, which Next.js puts on its own scripts. Styles allow inline
//    attributes because the dialog and toast libraries position elements with them; scripts allow nothing inline
//    without the nonce.
// 3. A coarse, optimistic redirect, as Next.js recommends for a proxy: a visitor of a dashboard page with no session
//    cookie at all is sent to sign in and back; a script (an API key sent along, or asking for JSON) is answered 401
//    instead, as the dashboard's route handlers answer a cookie that is no longer valid. Whether a cookie is valid is
//    decided by every page, action and route handler, each on its own.
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const SIGNED_IN_AREAS = ["/keys", "/usage", "/audit", "/admin", "/settings", "/docs", "/team", "/webhooks", "/account"];

function contentSecurityPolicy(nonce: string): string {
  const development = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    // React's development build evaluates code; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function hasSessionCookie(request: NextRequest): boolean {
  // Auth.js splits a large session token into numbered chunks (name.0, name.1, …).
  return request.cookies
    .getAll()
    .some(({ name }) => SESSION_COOKIES.some((base) => name === base || name.startsWith(`${base}.`)));
}

function refuseCrossSite(request: NextRequest): Response | null {
  const refusal = crossSiteRefusal(request.method, request.headers, env().PUBLIC_URL);
  if (!refusal) return null;
  logger.warn(
    {
      refusal,
      method: request.method,
      path: request.nextUrl.pathname,
      // Both chosen by the sender: cut short so that a refused request cannot write a long line.
      fetchSite: request.headers.get("sec-fetch-site")?.slice(0, 40),
      origin: request.headers.get("origin")?.slice(0, 100),
      ip: clientIp(request.headers),
    },
    "cross-site request refused",
  );
  return errorResponse("forbidden", "This request did not come from Latchkey's own pages, so it was refused.");
}

export function proxy(request: NextRequest) {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  const { pathname, search } = request.nextUrl;
  const inSignedInArea = SIGNED_IN_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`));
  if (inSignedInArea && !hasSessionCookie(request)) {
    if (expectsJson(request.headers)) {
      return errorResponse("unauthenticated", "Sign in first. API keys are accepted under /api/v1 only.");
    }
    const signIn = new URL("/sign-in", request.nextUrl.origin);
    signIn.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(signIn);
  }
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    // The gateway (/gw/…) and the demo upstream behind it stay out: a proxy would buffer their request bodies (and cap
    // them at 10 MB) instead of streaming them, and their answers are an upstream's, not a page's.
    { source: "/((?!api/|gw/|demo-upstream/|_next/static|_next/image|favicon.ico).*)" },
    // Next.js runs a server action posted to any path it renders, the not-found page included: a POST with an
    // action's id in Next-Action to /api/anything or /favicon.ico runs it. So every such request is seen here too.
    { source: "/:path*", has: [{ type: "header", key: "next-action" }] },
  ],
};
