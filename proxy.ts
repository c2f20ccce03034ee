import { NextResponse, type NextRequest } from "next/server";

// Coarse and optimistic, as Next.js recommends for a proxy: a visitor with no session cookie at all is sent to sign
// in and back. Whether a cookie is valid is decided by every page, action and route handler, each on its own.
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const cookieNames = request.cookies.getAll().map((cookie) => cookie.name);
  // Auth.js splits a large session token into numbered chunks (name.0, name.1, …).
  const hasSession = cookieNames.some((name) => SESSION_COOKIES.some((base) => name === base || name.startsWith(`${base}.`)));
  if (hasSession) return NextResponse.next();
  const signIn = new URL("/sign-in", request.nextUrl.origin);
  signIn.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ["/keys/:path*", "/usage/:path*", "/audit/:path*", "/admin/:path*", "/settings/:path*", "/docs/:path*"],
};
