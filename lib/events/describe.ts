import { formatDateTime } from "@/lib/format";
import { EVENT_TYPES, isEventType } from "./catalogue";

// An event in words, for the inbox and for email: a title, and a line that names the key (its name and visible
// start) and what to know. Built from the event's data as recorded; an unknown type gets its catalogue line or its name.

const TITLES: Record<keyof typeof EVENT_TYPES, string> = {
  "key.created": "Key created",
  "key.updated": "Key changed",
  "key.rolled": "Key rolled",
  "key.grace_ending": "Old secret stops working soon",
  "key.revoked": "Key revoked",
  "key.expiring": "Key expires soon",
  "key.expired": "Key expired",
  "key.quota_warning": "Quota 80 % used",
  "key.quota_exhausted": "Quota used up",
  "key.rate_limited": "Key rate-limited repeatedly",
  "key.new_origin": "Key used from somewhere new",
  "key.leaked": "Key reported as leaked",
  "account.plan_changed": "Plan changed",
  "account.suspended": "Account suspended",
  "account.reactivated": "Account reactivated",
  "webhook.disabled": "Webhook endpoint disabled",
};

interface KeyData {
  name?: string;
  start?: string;
  expiresAt?: string | null;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" ? (value as Record<string, unknown>) : {};

function keyLabel(key: KeyData): string {
  return key.name ? `“${key.name}”${key.start ? ` (${key.start}…)` : ""}` : "A key";
}

/** The time an ISO string names, as the dashboard shows times; `fallback` when there is none. */
function when(iso: unknown, fallback = "soon"): string {
  const date = typeof iso === "string" ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? formatDateTime(date) : fallback;
}

export function describeEvent(type: string, data: Record<string, unknown>): { title: string; detail: string } {
  if (!isEventType(type)) return { title: type, detail: "" };
  const key = asRecord(data.key) as KeyData;
  const changes = asRecord(data.changes);
  const title = TITLES[type];
  switch (type) {
    case "key.updated":
      return { title, detail: `${keyLabel(key)}: ${Object.keys(changes).join(", ") || "settings"} changed.` };
    case "key.rolled": {
      const graceEndsAt = asRecord(changes.graceEndsAt).to;
      const old = graceEndsAt ? `the old one works until ${when(graceEndsAt)}` : "the old one stopped working at once";
      return { title, detail: `${keyLabel(key)} has a new secret; ${old}.` };
    }
    case "key.grace_ending":
      return { title, detail: `The old secret of ${keyLabel(key)} stops working ${when(asRecord(data.oldSecret).endsAt)}.` };
    case "key.expiring":
      return { title, detail: `${keyLabel(key)} expires ${when(key.expiresAt)}. Roll it or extend it before then.` };
    case "key.expired": {
      const at = when(key.expiresAt, "");
      return { title, detail: `${keyLabel(key)} expired${at && ` ${at}`}; calls with it are refused.` };
    }
    case "account.plan_changed": {
      const plan = asRecord(changes.plan);
      return { title, detail: `From ${String(plan.from ?? "?")} to ${String(plan.to ?? "?")}.` };
    }
    case "account.suspended":
    case "account.reactivated":
      return { title, detail: EVENT_TYPES[type] };
    case "webhook.disabled": {
      const endpoint = asRecord(data.endpoint);
      return {
        title,
        detail: `${String(endpoint.url ?? "An endpoint")} failed every delivery for a day and gets no more events until it is enabled again.`,
      };
    }
    case "key.created":
      return { title, detail: `${keyLabel(key)} was created.` };
    case "key.revoked":
      return { title, detail: `${keyLabel(key)} was revoked; calls with it are refused.` };
    default:
      return { title, detail: key.name ? `${keyLabel(key)}: ${EVENT_TYPES[type]}` : EVENT_TYPES[type] };
  }
}

export function eventTitle(type: string): string {
  return isEventType(type) ? TITLES[type] : type;
}
