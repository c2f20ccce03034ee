"use server";

import { revalidatePath } from "next/cache";
import { confirmIdentity } from "@/lib/auth/confirm-identity";
import { endOtherSessions, endSession } from "@/lib/auth/sessions";
import { confirmEnrolment, disableTwoFactor, regenerateRecoveryCodes, startEnrolment } from "@/lib/auth/two-factor";
import { totpQrDataUrl } from "@/lib/auth/totp-qr";
import { AppError } from "@/lib/errors";
import { authedAction } from "@/lib/http/server-action";
import { confirmEnrolmentSchema, identityProofSchema, noInputSchema, sessionTargetSchema } from "@/lib/validations/security";
import { identityRefusal } from "../../identity-refusal";

// The person's own sign-in security: every action acts on the signed-in user only (their id from the session, never
// the form). Turning two-factor off and new recovery codes ask for the password or a code first, whatever the
// step-up window says: they are what stands between a stolen password and the account.

const PAGE = "/account/security";

/** A new secret: its QR code and its text, shown until a code from the app confirms it. */
export const startEnrolmentAction = authedAction<typeof noInputSchema, { secret: string; qrDataUrl: string }>(
  noInputSchema,
  async (_input, { user }) => {
    const { secret, uri } = await startEnrolment(user);
    return { ok: true, secret, qrDataUrl: await totpQrDataUrl(uri) };
  },
  { stepUp: true },
);

export const confirmEnrolmentAction = authedAction<typeof confirmEnrolmentSchema, { recoveryCodes: string[] }>(
  confirmEnrolmentSchema,
  async ({ code }, { user, actor }) => {
    try {
      const recoveryCodes = await confirmEnrolment(actor, user.id, code);
      // Not revalidated here: the dialog shows the codes first, and refreshes the page once they are put away.
      return { ok: true, recoveryCodes };
    } catch (error) {
      if (error instanceof AppError && error.code === "validation_failed") {
        return { ok: false, error: error.message, fieldErrors: { code: [error.message] } };
      }
      throw error;
    }
  },
);

export const disableTwoFactorAction = authedAction(identityProofSchema, async (proof, { user, actor }) => {
  const check = await confirmIdentity(user, proof, actor);
  if (!check.ok) return identityRefusal(check.reason, proof);
  await disableTwoFactor(actor, user.id);
  revalidatePath(PAGE);
  return { ok: true };
});

export const regenerateRecoveryCodesAction = authedAction<typeof identityProofSchema, { recoveryCodes: string[] }>(
  identityProofSchema,
  async (proof, { user, actor }) => {
    const check = await confirmIdentity(user, proof, actor);
    if (!check.ok) return identityRefusal(check.reason, proof);
    return { ok: true, recoveryCodes: await regenerateRecoveryCodes(actor, user.id) };
  },
);

export const endSessionAction = authedAction<typeof sessionTargetSchema, object>(
  sessionTargetSchema,
  async ({ sessionId }, context) => {
    if (sessionId === context.sessionId) return { ok: false, error: "That is this session: use Sign out in the menu." };
    await endSession(context.actor, context.user.id, sessionId);
    revalidatePath(PAGE);
    return { ok: true };
  },
);

export const endOtherSessionsAction = authedAction<typeof noInputSchema, { ended: number }>(
  noInputSchema,
  async (_input, { user, actor, sessionId }) => {
    const ended = await endOtherSessions(user.id, sessionId, actor);
    revalidatePath(PAGE);
    return { ok: true, ended };
  },
);
