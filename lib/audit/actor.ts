/** Who is acting, and from where: every audited change carries this. */
export interface Actor {
  userId: string | null;
  keyId: string | null;
  role: "client" | "admin";
  ip: string | null;
  userAgent: string | null;
  /**
   * Set when a key acts through the API: the scopes it holds. It may grant no others, nor change or roll a key that
   * holds others, so that a key which manages keys never becomes a key to more than it already is.
   */
  heldScopes?: readonly string[];
  /** Set when a key acts through the API: when it expires (null: never). No key it makes, changes or rolls outlives it. */
  heldUntil?: Date | null;
}
