"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { signOut } from "@/auth";
import { confirmIdentity } from "@/lib/auth/confirm-identity";
import { endOwnSession, recordReauthentication } from "@/lib/auth/sessions";
import { authedAction } from "@/lib/http/server-action";
import { chooseAccount, currentSession } from "@/lib/http/session";
import { identityProofSchema } from "@/lib/validations/security";
import { identityRefusal } from "./identity-refusal";

// Signing out needs no authorization: at worst it clears a cookie the caller already has. The session's row ends too,
// so that the cookie, were it kept somewhere, no longer lets anyone in.
export async function signOutAction(): Promise<void> {
  const session = await currentSession();
  if (session) await endOwnSession(session.user.id, session.sessionId);
  await signOut({ redirectTo: "/sign-in" });
}

/**
 * Step-up: the person gives their password (or a code, with two-factor on) again, and sensitive actions go through
 * for the next STEP_UP_WINDOW_SECONDS (lib/auth/step-up.ts). Throttled and counted like sign-in.
 */
export const reauthenticateAction = authedAction(identityProofSchema, async (proof, { user, actor, sessionId }) => {
  const check = await confirmIdentity(user, proof, actor);
  if (!check.ok) return identityRefusal(check.reason, proof);
  await recordReauthentication(sessionId, user.id);
  return { ok: true };
});

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
