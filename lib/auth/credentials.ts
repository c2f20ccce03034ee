import "server-only";
import { CredentialsSignin } from "@auth/core/errors";
import { z } from "zod";
import { listMembershipsOfUser } from "@/db/queries/accounts";
import { findUserByEmail, recordSignIn } from "@/db/queries/users";
import type { Actor } from "@/lib/audit/actor";
import { decoyPasswordHash, verifyPassword } from "./password";
import { hasTwoFactor, verifySecondFactor } from "./two-factor";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
  // The second step of a sign-in with two-factor on: a code from the app, or a recovery code.
  code: z.string().trim().max(40).optional(),
});

/**
 * The right password, but every account the person belongs to is suspended: they are told so (only someone who knows
 * the password learns it), rather than "wrong email or password", which would send them to reset it.
 */
export class SignInSuspended extends CredentialsSignin {
  code = "suspended";
}

/**
 * The right password for a person with two-factor sign-in, and no code yet: the form asks for one. Only someone who
 * knows the password learns that a code is needed.
 */
export class SignInNeedsCode extends CredentialsSignin {
  code = "two_factor";
}

/** The right password and a wrong (or already used) code: counted by the throttle like a wrong password. */
export class SignInWrongCode extends CredentialsSignin {
  code = "wrong_code";
}

/** Where a sign-in comes from, for the audit row of a recovery code used. */
export interface SignInOrigin {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Auth.js calls this with whatever the sign-in form posted; null means "wrong email or password", nothing more.
 * Throws SignInSuspended for a person none of whose accounts is active, SignInNeedsCode or SignInWrongCode for one
 * with two-factor sign-in and no code or a wrong one.
 */
export async function authenticateWithPassword(raw: unknown, origin: SignInOrigin = { ip: null, userAgent: null }) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password, code } = parsed.data;
  const user = await findUserByEmail(email);
  const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user || !valid) return null;
  const memberships = await listMembershipsOfUser(user.id);
  if (memberships.length > 0 && memberships.every((m) => m.account.status !== "active")) throw new SignInSuspended();
  if (await hasTwoFactor(user.id)) {
    if (!code) throw new SignInNeedsCode();
    const actor: Actor = { userId: user.id, keyId: null, role: user.role, ...origin };
    if (!(await verifySecondFactor(actor, user.id, code))) throw new SignInWrongCode();
  }
  // Shown to admins as the client's last activity.
  await recordSignIn(user.id);
  // The hash checked goes back for the session to be started against (lib/auth/sessions.ts startSession); never further.
  return { id: user.id, email: user.email, name: user.name, role: user.role, verifiedPasswordHash: user.passwordHash };
}
