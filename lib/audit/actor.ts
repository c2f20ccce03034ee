import type { MemberRole } from "@/db/schema";

/** Who is acting, and from where: every audited change carries this. */
export interface Actor {
  userId: string | null;
  keyId: string | null;
  role: "client" | "admin";
  ip: string | null;
  userAgent: string | null;
  /**
   * Set when a person acts as a member of an account (the dashboard): which account, and their role in it. Platform
   * admins acting on a client's behalf and keys acting through the API have none.
   */
  member?: { accountId: string; role: MemberRole };
  /** Set when a key acts through the API: the account it belongs to, the only one it may act on. */
  keyAccountId?: string;
  /**
   * Set when a key acts through the API: the scopes it holds. It may grant no others, nor change or roll a key that
   * holds others, so that a key which manages keys never becomes a key to more than it already is.
   */
  heldScopes?: readonly string[];
  /** Set when a key acts through the API: when it expires (null: never). No key it makes, changes or rolls outlives it. */
  heldUntil?: Date | null;
}
