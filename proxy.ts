import { NextResponse, type NextRequest } from "next/server";

// Runs for pages only (the matcher leaves out the API, static files and images), for two things:
// 1. A Content-Security-Policy with a fresh nonce, which Next.js puts on its own scripts. Styles allow inline
//    attributes because the dialog and toast libraries position elements with them; scripts allow nothing inline
//    without the nonce.
// 2. A coarse, optimistic redirect, as Next.js recommends for a proxy: a visitor of a dashboard page with no session
//    cookie at all is sent to sign in and back. Whether a cookie is valid is decided by every page, action and route
//    handler, each on its own.
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const SIGNED_IN_AREAS = ["/keys", "/usage", "/audit", "/admin", "/settings", "/docs"];

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

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const inSignedInArea = SIGNED_IN_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`));
  if (inSignedInArea && !hasSessionCookie(request)) {
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
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
