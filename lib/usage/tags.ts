// Bounds on the tags a platform may attach to a verification: enough for "region=eu", "plan=pro", a feature name or a
// request id, small enough that a busy key's events stay small rows.
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 128;
