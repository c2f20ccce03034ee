import "server-only";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { findUserById } from "@/db/queries/users";
import type { User } from "@/db/schema";

/**
 * The signed-in user as the database knows them now, not as the session cookie remembers them: a suspended
 * account or a changed role takes effect on the next request.
 */
export async function currentUser(): Promise<User | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await findUserById(id);
  return user && user.status === "active" ? user : null;
}

/** For pages: the user, or a redirect to sign in. */
export async function requireUser(): Promise<User> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}

export async function requireAdmin(): Promise<User> {
  const user = await requireUser();
  if (user.role !== "admin") redirect("/keys");
  return user;
}
