import { formatDateTime } from "@/lib/format";
import { EVENT_TYPES, isEventType } from "./catalogue";

// An event in words, for the inbox and for email: a title, and a line that names the key (its name and visible
// start) and what to know. Built from the event's data as recorded; an unknown type gets its catalogue line or its name.

const TITLES: Record<keyof typeof EVENT_TYPES, string> = {
  "key.created": "Key created",
  "key.updated": "Key changed",
  "key.rolled": "Key rolled",
  "key.grace_ending": "Old secret stops working soon",
  "key.disabled": "Key disabled",
  "key.enabled": "Key enabled again",
  "key.revoked": "Key revoked",
  "key.expiring": "Key expires soon",
  "key.expired": "Key expired",
  "key.quota_warning": "Quota 80 % used",
  "key.quota_exhausted": "Quota used up",
  "key.rate_limited": "Key rate-limited repeatedly",
  "key.new_origin": "Key used from somewhere new",
  "key.usage_spike": "Key busier than usual",
  "key.error_rate": "Many failing calls",
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

const PERIOD_WORDS: Record<string, { of: string; refill: string }> = {
  day: { of: "today's", refill: "It refills at midnight UTC." },
  month: { of: "this month's", refill: "It refills on the 1st, at midnight UTC." },
  total: { of: "its total", refill: "It does not refill: raise it to keep the key working." },
};

function quotaDetail(type: "key.quota_warning" | "key.quota_exhausted", key: KeyData, quota: Record<string, unknown>): string {
  const words = PERIOD_WORDS[String(quota.period)] ?? { of: "its", refill: "" };
  const limit = typeof quota.limit === "number" ? quota.limit.toLocaleString("en-US") : "?";
  const used = typeof quota.used === "number" ? quota.used.toLocaleString("en-US") : "?";
  if (type === "key.quota_warning") {
    return `${keyLabel(key)} has used ${used} of ${words.of} quota of ${limit} requests. ${words.refill}`.trim();
  }
  const until = quota.period === "total" ? "" : " until it refills";
  return `${keyLabel(key)} has used all of ${words.of} quota of ${limit} requests; calls are refused${until}. ${words.refill}`.trim();
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
    case "key.new_origin":
      return { title, detail: `${keyLabel(key)} was used from ${newOrigins(data)}. If that was not you, roll or revoke it.` };
    case "key.usage_spike":
      return {
        title,
        detail: `${keyLabel(key)} made ${count(data.calls)} calls in an hour; it usually makes about ${count(data.usualPerHour)}. If that was not you, roll or revoke it.`,
      };
    case "key.error_rate":
      return {
        title,
        detail: `${keyLabel(key)}: ${count(data.failures)} of its ${count(data.calls)} calls in an hour failed (answered 400 or above, or the upstream failed).`,
      };
    case "key.rate_limited": {
      const limit = asRecord(data.rateLimit);
      const allowed = limit.limit ? ` (its limit is ${String(limit.limit)} a ${String(limit.window ?? "minute")})` : "";
      return {
        title,
        detail: `${keyLabel(key)} was refused ${String(data.refusals ?? "many")} times in ${String(data.windowMinutes ?? 5)} minutes for its rate limit${allowed}.`,
      };
    }
    case "key.revoked":
      return { title, detail: `${keyLabel(key)} was revoked; calls with it are refused.` };
    case "key.disabled":
      return { title, detail: `${keyLabel(key)} was disabled; calls with it are refused until it is enabled again.` };
    case "key.enabled":
      return { title, detail: `${keyLabel(key)} was enabled again; calls with it work.` };
    case "key.quota_warning":
    case "key.quota_exhausted":
      return { title, detail: quotaDetail(type, key, asRecord(data.quota)) };
    case "key.leaked":
      return { title, detail: leakDetail(keyLabel(key), data) };
    default:
      return { title, detail: key.name ? `${keyLabel(key)}: ${EVENT_TYPES[type]}` : EVENT_TYPES[type] };
  }
}

const count = (value: unknown) => (typeof value === "number" ? value.toLocaleString("en-US") : "?");

/** The new addresses and clients of a key.new_origin event, as a phrase. */
function newOrigins(data: Record<string, unknown>): string {
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((v) => typeof v === "string") : []);
  const addresses = list(data.addresses);
  const clients = list(data.clients);
  const parts = [
    ...(addresses.length ? [`${addresses.length === 1 ? "address" : "addresses"} ${addresses.join(", ")}`] : []),
    ...(clients.length ? [`${clients.length === 1 ? "client" : "clients"} ${clients.map((c) => `“${c}”`).join(", ")}`] : []),
  ];
  const more = typeof data.more === "number" && data.more > 0 ? ` and ${data.more} more` : "";
  return `${parts.join(" and ") || "somewhere new"}${more}`;
}

const REPORTERS: Record<string, string> = {
  github: "GitHub secret scanning",
  scanner: "a secret scanner",
  admin: "an administrator",
};

// Where the key was found and what was done. After a roll the new secret has been shown to no one: the owner must
// roll the key to get a working one, and may do so without fear, because no roll lengthens the leaked secret's life.
function leakDetail(label: string, data: Record<string, unknown>): string {
  const found = asRecord(data.found);
  const url = typeof found.url === "string" ? found.url : "a public place";
  const by = REPORTERS[String(found.via)] ?? "a report";
  const where = `${label} was found at ${url} (reported by ${by}).`;
  if (data.action === "secret_ended") {
    const old = typeof found.secretStart === "string" ? ` (${found.secretStart}…)` : "";
    return `${where} It was an old secret${old}, replaced by an earlier roll, that still worked: it stops working ${when(data.leakedSecretEndsAt)}. The key's current secret is not affected.`;
  }
  if (data.action === "rolled") {
    return `${where} Its leaked secret stops working ${when(data.leakedSecretEndsAt)}. Its new secret has been shown to no one: roll the key now to get a working one. Rolling does not extend the leaked secret's life.`;
  }
  return `${where} It was revoked; calls with it are refused. Create a new key to replace it.`;
}

export function eventTitle(type: string): string {
  return isEventType(type) ? TITLES[type] : type;
}
