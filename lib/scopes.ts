// The scopes the application itself checks. The catalogue table holds these and any the platform adds;
// this list is what route handlers require, so a typo in a handler is a type error rather than a silent 403.
export const BUILT_IN_SCOPES = ["keys:read", "keys:write", "usage:read", "keys:verify", "webhooks:manage"] as const;
export type BuiltInScope = (typeof BUILT_IN_SCOPES)[number];

// resource:action, lowercase; the catalogue may hold any name of this shape.
export const SCOPE_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,31}:[a-z][a-z0-9_-]{0,31}$/;

/** A scope as a key form offers it. */
export interface ScopeOption {
  name: string;
  description: string;
  deprecated: boolean;
  /** Why the form offers it disabled (the account's plan does not include it); absent when it can be chosen. */
  unavailable?: string;
}
