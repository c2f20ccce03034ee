"use server";

import { redirect } from "next/navigation";
import { acceptInvitation } from "@/lib/accounts/invitations";
import { authedAction } from "@/lib/http/server-action";
import { acceptInvitationSchema } from "@/lib/validations/members";
import { chooseAccount } from "@/lib/http/session";

const accept = authedAction(acceptInvitationSchema, async ({ token }, { user, actor }) => {
  const joined = await acceptInvitation(actor, user, token);
  await chooseAccount(joined.accountId);
  return { ok: true };
});

/** Joins, makes the joined account the current one, and goes to its keys; a refusal is answered in the form. */
export async function acceptInvitationAction(formData: FormData) {
  const result = await accept(formData);
  // Outside the wrapper, which would take the redirect's signal for a failure.
  if (result.ok) redirect("/keys");
  return result;
}
