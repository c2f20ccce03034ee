import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "@/auth.config";
import { startSession } from "@/lib/auth/sessions";
import { throttledSignIn } from "@/lib/auth/throttled-sign-in";
import { clientIp } from "@/lib/http/client-ip";
import { userAgentOf } from "@/lib/http/user-agent";

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const base = authConfig();
  return {
    ...base,
    providers: [
      Credentials({
        credentials: { email: { type: "email" }, password: { type: "password" }, code: { type: "text" } },
        // Every sign-in, the form's and a direct post to Auth.js alike, is throttled by account and by address. Each
        // one starts a session row, whose id the cookie carries (lib/auth/sessions.ts).
        authorize: async (credentials, request) => {
          const ip = clientIp(request.headers);
          const userAgent = userAgentOf(request.headers);
          const signedIn = await throttledSignIn(credentials, ip, userAgent);
          if (!signedIn) return null;
          const { verifiedPasswordHash, ...user } = signedIn;
          const session = await startSession(user.id, { ip, userAgent }, verifiedPasswordHash);
          // The password changed (or the person was deleted) while it was being checked: as a wrong password.
          if (!session) return null;
          return { ...user, sessionId: session.id };
        },
      }),
    ],
  };
});
