import type { DefaultSession } from "next-auth";

type Role = "client" | "admin";

declare module "next-auth" {
  interface Session {
    // sessionId: the server-side session row (lib/auth/sessions.ts); absent from a cookie issued before there were any.
    user: { id: string; role: Role; sessionId?: string } & DefaultSession["user"];
  }
  interface User {
    role?: Role;
    sessionId?: string;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid: string;
    role: Role;
    sid?: string;
  }
}
