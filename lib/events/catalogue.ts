// Every kind of event Latchkey tells an owner about: one list that feeds the webhook and notification choices, the
// API's validation and the documentation. A webhook endpoint or a notification preference names types from here.

export const EVENT_TYPES = {
  "key.created": "A key was created.",
  "key.updated": "A key's name, description, scopes, limits, expiry or allowlist changed.",
  "key.rolled": "A key was given a new secret; the old one works until its grace period ends.",
  "key.grace_ending": "The grace period of a rolled key's old secret ends within a day.",
  "key.disabled": "A key was disabled: it is refused until it is enabled again.",
  "key.enabled": "A disabled key was enabled again.",
  "key.revoked": "A key was revoked.",
  "key.expiring": "A key expires within 7 days, and again within 1 day.",
  "key.expired": "A key reached its expiry date.",
  "key.quota_warning": "A key has used 80 % of its quota.",
  "key.quota_exhausted": "A key has used all of its quota; calls are refused until it refills.",
  "key.rate_limited": "A key was refused for its rate limit many times in a short while.",
  "key.new_origin": "A key was used from an address or a client it had not been used from before.",
  "key.usage_spike": "A key made at least ten times its usual number of calls in an hour.",
  "key.error_rate": "Half or more of a key's accepted calls in an hour failed.",
  "key.leaked": "A key was reported as published (for instance in a public repository) and was revoked or rolled.",
  "account.plan_changed": "The account's plan changed.",
  "account.suspended": "The account was suspended; its keys are refused.",
  "account.reactivated": "The account was reactivated; its keys work again.",
  "webhook.disabled": "A webhook endpoint was disabled because no delivery to it had succeeded for a day.",
} as const;

export type EventType = keyof typeof EVENT_TYPES;

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as [EventType, ...EventType[]];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_TYPES, value);
}
