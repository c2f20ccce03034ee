import type { NextAuthConfig } from "next-auth";
import { authSecret } from "@/lib/auth/secret";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-age";

// The part of the Auth.js setup that needs no database, shared by the proxy and the full setup in auth.ts.
export function authConfig(): NextAuthConfig {
  return {
    secret: authSecret(),
    // Latchkey is self-hosted: the host it is served on is the one it trusts.
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in" },
    providers: [],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) {
          token.uid = user.id;
          token.role = user.role ?? "client";
          token.sid = user.sessionId;
        }
        return token;
      },
      session({ session, token }) {
        session.user.id = token.uid;
        session.user.role = token.role;
        session.user.sessionId = token.sid;
        return session;
      },
    },
  };
}
