import "server-only";
import { CredentialsSignin } from "@auth/core/errors";
import { z } from "zod";
import { listMembershipsOfUser } from "@/db/queries/accounts";
import { findUserByEmail, recordSignIn } from "@/db/queries/users";
import { decoyPasswordHash, verifyPassword } from "./password";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
});

/**
 * The right password, but every account the person belongs to is suspended: they are told so (only someone who knows
 * the password learns it), rather than "wrong email or password", which would send them to reset it.
 */
export class SignInSuspended extends CredentialsSignin {
  code = "suspended";
}

/**
 * Auth.js calls this with whatever the sign-in form posted; null means "wrong email or password", nothing more.
 * Throws SignInSuspended for a person none of whose accounts is active.
 */
export async function authenticateWithPassword(raw: unknown) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await findUserByEmail(email);
  const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user || !valid) return null;
  const memberships = await listMembershipsOfUser(user.id);
  if (memberships.length > 0 && memberships.every((m) => m.account.status !== "active")) throw new SignInSuspended();
  // Shown to admins as the client's last activity.
  await recordSignIn(user.id);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
