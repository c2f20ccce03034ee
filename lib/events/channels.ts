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
  "key.leaked",
  "account.plan_changed",
  "account.suspended",
  "account.reactivated",
  "webhook.disabled",
]);

export interface ChannelChoice {
  inApp: boolean;
  email: boolean;
}

export function defaultChannels(type: EventType): ChannelChoice {
  return { inApp: true, email: EMAILED_BY_DEFAULT.has(type) };
}

/** A person's choice for every event type: theirs where they made one, the default elsewhere. */
export function channelChoices(saved: { eventType: string; inApp: boolean; email: boolean }[]): Record<EventType, ChannelChoice> {
  const byType = new Map(saved.map((row) => [row.eventType, row]));
  return Object.fromEntries(
    EVENT_TYPE_NAMES.map((type) => {
      const row = byType.get(type);
      return [type, row ? { inApp: row.inApp, email: row.email } : defaultChannels(type)];
    }),
  ) as Record<EventType, ChannelChoice>;
}
