import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { listMembershipsOfUser, type AccountMembership } from "@/db/queries/accounts";
import { findUserById } from "@/db/queries/users";
import type { Account, MemberRole, User } from "@/db/schema";
import { liveSession } from "@/lib/auth/sessions";
import { env } from "@/lib/infra/env";

/** The account a signed-in person is working in: not a secret, only a choice, checked against their memberships. */
export const CURRENT_ACCOUNT_COOKIE = "latchkey-account";

export interface SessionContext {
  user: User;
  /** The account chosen in the header (or the first one), and the user's role in it. */
  account: Account;
  role: MemberRole;
  /** Every active account the user may switch to. */
  memberships: AccountMembership[];
  /** The server-side session row this request belongs to (lib/auth/sessions.ts), and its last proof of identity. */
  sessionId: string;
  reauthenticatedAt: Date;
}

/**
 * The signed-in user and their current account as the database knows them now, not as the session cookie remembers
 * them: a removed member, a suspended account or a changed role takes effect on the next request. A user who belongs
 * to no active account has no session (a suspended client is signed out, as before accounts). `chosen` is the
 * account the request's cookie names, if any. A cookie whose session row has ended (signed out there, or everywhere)
 * or expired has no session either: the JWT cannot be taken back, the row can.
 */
export async function loadSession(chosen: string | undefined): Promise<SessionContext | null> {
  const session = await auth();
  const id = session?.user?.id;
  const sessionId = session?.user?.sessionId;
  if (!id || !sessionId) return null;
  const row = await liveSession(sessionId, id);
  if (!row) return null;
  const user = await findUserById(id);
  // A deleted person's session ends with the deletion, whatever the cookie still says.
  if (!user || user.deletedAt) return null;
  const memberships = (await listMembershipsOfUser(user.id)).filter((m) => m.account.status === "active");
  if (memberships.length === 0) return null;
  const current = memberships.find((m) => m.account.id === chosen) ?? memberships[0];
  return {
    user,
    account: current.account,
    role: current.role,
    memberships,
    sessionId: row.id,
    reauthenticatedAt: row.reauthenticatedAt,
  };
}

/** The session of the request being rendered or the action being run, read once per request. */
export const currentSession = cache(
  async (): Promise<SessionContext | null> => loadSession((await cookies()).get(CURRENT_ACCOUNT_COOKIE)?.value),
);

export async function currentUser(): Promise<User | null> {
  return (await currentSession())?.user ?? null;
}

/** For pages: the session, or a redirect to sign in. */
export async function requireSession(): Promise<SessionContext> {
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  return session;
}

export async function requireUser(): Promise<User> {
  return (await requireSession()).user;
}

export async function requireAdmin(): Promise<User> {
  const user = await requireUser();
  if (user.role !== "admin") redirect("/keys");
  return user;
}

/**
 * Makes the account the current one for the next requests: one chosen in the header, an organisation just made, one
 * just joined. Only a choice: every request checks it against the user's memberships (loadSession above).
 */
export async function chooseAccount(accountId: string): Promise<void> {
  (await cookies()).set(CURRENT_ACCOUNT_COOKIE, accountId, {
    httpOnly: true,
    sameSite: "lax",
    secure: String(env().PUBLIC_URL ?? "").startsWith("https:"),
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
  });
}
