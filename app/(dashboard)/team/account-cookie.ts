import "server-only";
import { cookies } from "next/headers";
import { CURRENT_ACCOUNT_COOKIE } from "@/lib/http/session";
import { env } from "@/lib/infra/env";

/**
 * Makes the account the current one for the next requests: an organisation just made, or one just joined. Only a
 * choice; every request checks it against the user's memberships (lib/http/session.ts).
 */
export async function chooseAccount(accountId: string): Promise<void> {
  (await cookies()).set(CURRENT_ACCOUNT_COOKIE, accountId, {
    httpOnly: true,
    sameSite: "lax",
    secure: String(env().PUBLIC_URL ?? "").startsWith("https:"),
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
  });
}
