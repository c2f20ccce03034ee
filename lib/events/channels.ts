import { EVENT_TYPE_NAMES, type EventType } from "./catalogue";

// Where each event goes for a person who has not chosen (notification_preferences holds their choices): the inbox
// always; email for what needs them to act, or tells of a threat, not for the routine changes they made themselves.

const EMAILED_BY_DEFAULT = new Set<EventType>([
  "key.expiring",
  "key.expired",
  "key.grace_ending",
  "key.quota_warning",
  "key.quota_exhausted",
  "key.new_origin",
  "key.usage_spike",
  "key.leaked",
  "account.plan_changed",
  "account.suspended",
  "account.reactivated",
  "webhook.disabled",
]);

// What reaches every member on every channel whatever they chose: a key of theirs found in public is a threat they
// must hear of at once. Webhooks (when they come) deliver these types to every endpoint of the account too.
export const ALWAYS_DELIVERED: ReadonlySet<EventType> = new Set<EventType>(["key.leaked"]);

export function isAlwaysDelivered(type: EventType): boolean {
  return ALWAYS_DELIVERED.has(type);
}

export interface ChannelChoice {
  inApp: boolean;
  email: boolean;
}

export function defaultChannels(type: EventType): ChannelChoice {
  return { inApp: true, email: EMAILED_BY_DEFAULT.has(type) };
}

const EVERY_CHANNEL: ChannelChoice = { inApp: true, email: true };

/**
 * A person's choice for every event type: theirs where they made one, the default elsewhere; every channel for the
 * types always delivered, whatever is saved (the dispatcher and the choices page both read this).
 */
export function channelChoices(saved: { eventType: string; inApp: boolean; email: boolean }[]): Record<EventType, ChannelChoice> {
  const byType = new Map(saved.map((row) => [row.eventType, row]));
  return Object.fromEntries(
    EVENT_TYPE_NAMES.map((type) => {
      if (isAlwaysDelivered(type)) return [type, EVERY_CHANNEL];
      const row = byType.get(type);
      return [type, row ? { inApp: row.inApp, email: row.email } : defaultChannels(type)];
    }),
  ) as Record<EventType, ChannelChoice>;
}
