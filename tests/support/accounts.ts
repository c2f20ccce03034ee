import { randomBytes, scryptSync } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { mailOutbox, users, userTokens } from "@/db/schema";

// For the tests of a person's own sign-in details: a password they know, and the mail sent to them.

/**
 * Gives the user a password they can be asked for. Hashed the app's way but at a low cost (the cost is stored with
 * each hash, lib/auth/password.ts), so that the tests do not spend 128 MiB and a second on each.
 */
export async function givePassword(userId: string, password: string): Promise<void> {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize("NFKC"), salt, 32, { N: 1024, r: 8, p: 1 });
  const passwordHash = ["scrypt", 1024, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
  const db = await getDb();
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function userRow(userId: string) {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  return row;
}

/** Mail queued to this address, newest first. */
export async function mailTo(address: string) {
  const db = await getDb();
  return db
    .select()
    .from(mailOutbox)
    .where(sql`lower(${mailOutbox.toAddress}) = ${address.toLowerCase()}`)
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id));
}

/** The token of the newest link in the newest mail to the address whose path starts with `path`. */
export async function linkTokenIn(address: string, path: string): Promise<string> {
  const [mail] = await mailTo(address);
  const match = mail?.textBody.match(new RegExp(`${path}/([A-Za-z0-9_-]{43})`));
  if (!match) throw new Error(`no ${path} link mailed to ${address}`);
  return match[1];
}

/** Makes the person's open tokens of a kind expire now, as if their time had passed. */
export async function expireTokens(userId: string, purpose: "password_reset" | "email_change"): Promise<void> {
  const db = await getDb();
  await db
    .update(userTokens)
    .set({ expiresAt: sql`now() - interval '1 second'` })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose)));
}
