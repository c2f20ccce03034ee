import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "@/auth.config";
import { throttledSignIn } from "@/lib/auth/throttled-sign-in";
import { clientIp } from "@/lib/http/client-ip";

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const base = authConfig();
  return {
    ...base,
    providers: [
      Credentials({
        credentials: { email: { type: "email" }, password: { type: "password" } },
        // Every sign-in, the form's and a direct post to Auth.js alike, is throttled by account and by address.
        authorize: (credentials, request) => throttledSignIn(credentials, clientIp(request.headers)),
      }),
    ],
  };
});
