"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { signOut } from "@/auth";
import { cancelEmailChange, confirmEmailChange, requestEmailChange } from "@/lib/accounts/email-change";
import { changeName, changePassword } from "@/lib/accounts/profile";
import { deleteOwnAccount } from "@/lib/accounts/user-deletion";
import { publicOrigin } from "@/lib/http/public-origin";
import { authedAction } from "@/lib/http/server-action";
import {
  changeEmailSchema,
  changeNameSchema,
  changePasswordSchema,
  confirmEmailSchema,
  deleteAccountSchema,
} from "@/lib/validations/profile";

// A person's own sign-in details, whichever account they are working in: every command acts on the signed-in user
// and nobody else, so none takes a user id from the form.

export const changeNameAction = authedAction(changeNameSchema, async ({ name }, { user, actor }) => {
  await changeName(actor, user.id, name);
  revalidatePath("/account");
  return { ok: true };
});

export const changePasswordAction = authedAction(changePasswordSchema, async (input, { user, actor, sessionId }) => {
  await changePassword(actor, user, input, await publicOrigin(), sessionId);
  return { ok: true };
});

export const requestEmailChangeAction = authedAction(changeEmailSchema, async (input, { user, actor }) => {
  await requestEmailChange(actor, user, input, await publicOrigin());
  revalidatePath("/account");
  return { ok: true };
});

export const cancelEmailChangeAction = authedAction(z.object({}).strict(), async (_input, { user, actor }) => {
  await cancelEmailChange(actor, user.id);
  revalidatePath("/account");
  return { ok: true };
});

export const confirmEmailChangeAction = authedAction(confirmEmailSchema, async ({ token }, { user, actor }) => {
  const email = await confirmEmailChange(actor, user.id, token, await publicOrigin());
  revalidatePath("/account");
  return { ok: true, email };
});

export const deleteAccountAction = authedAction(deleteAccountSchema, async (input, { user, actor }) => {
  await deleteOwnAccount(actor, user.id, input);
  // The session already ends with the deletion (lib/http/session.ts); this clears its cookie too.
  await signOut({ redirect: false });
  return { ok: true };
});
