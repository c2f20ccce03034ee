import "server-only";
import { findKeyForAccount } from "@/db/queries/keys";

/** Whether a key of the account's is a live one: rolling it asks for step-up (a test key's does not). */
export async function isLiveKey(ref: { keyId: string; accountId: string }): Promise<boolean> {
  // An unknown key is treated as live: the action then asks, and the command answers "not found" after.
  return ((await findKeyForAccount(ref))?.environment ?? "live") === "live";
}
