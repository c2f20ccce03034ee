"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { signOut } from "@/auth";
import { chooseAccount, currentSession } from "@/lib/http/session";

// Signing out needs no authorization: at worst it clears a cookie the caller already has.
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

const switchAccountSchema = z.object({ accountId: z.uuid() });

/**
 * Makes another of the user's accounts the current one. The cookie only records the choice: every request checks it
 * against the user's memberships again, so a forged or stale value falls back to the user's first account.
 */
export async function switchAccountAction(formData: FormData): Promise<void> {
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  const parsed = switchAccountSchema.safeParse({ accountId: formData.get("accountId") });
  const chosen = parsed.success && session.memberships.find((m) => m.account.id === parsed.data.accountId);
  if (chosen) await chooseAccount(chosen.account.id);
  // Back to the keys: a key page of the previous account would be a 404 in this one.
  redirect("/keys");
}
