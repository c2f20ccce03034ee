/** The trail's filters as a page's query string carries them; everything optional. */
export interface AuditFilters {
  /**
   * A key's id, or text found in the current name or at the start of the visible start of the key acted on: a text
   * field rather than a list of the account's keys, which would be 10,000 options for a large account.
   */
  key?: string;
  /** An actor's user or key id, or text found in the actor's email or key name. */
  actor?: string;
  /** An exact action, or DENIED_ACTIONS for every refused attempt. */
  action?: string;
  /** Inclusive UTC days, YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** Admins only: the client account whose trail to show, by id, by name, or by a personal account's email. */
  account?: string;
}

export const DENIED_ACTIONS = "*.denied";
