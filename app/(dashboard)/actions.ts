"use server";

import { signOut } from "@/auth";

// Signing out needs no authorization: at worst it clears a cookie the caller already has.
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
