import "server-only";
import { z } from "zod";
import { findUserByEmail, recordSignIn } from "@/db/queries/users";
import { decoyPasswordHash, verifyPassword } from "./password";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
});

/** Auth.js calls this with whatever the sign-in form posted; null means "wrong email or password", nothing more. */
export async function authenticateWithPassword(raw: unknown) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await findUserByEmail(email);
  const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user || !valid) return null;
  // Shown to admins as the client's last activity.
  await recordSignIn(user.id);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
