import { z } from "zod";
import { text } from "./text";
import type { AuditFilters } from "@/db/audit-filters";

// The filters' shape is the audit query's contract (db/audit-filters.ts); this module parses them from a query string.
export { type AuditFilters, DENIED_ACTIONS } from "@/db/audit-filters";

export const AUDIT_PAGE_SIZE = 50;

const day = z.iso.date("Use a date like 2026-11-22.");
const fields = {
  key: text().trim().min(1).max(200, "At most 200 characters."),
  actor: text().trim().min(1).max(200, "At most 200 characters."),
  action: z
    .string()
    .trim()
    .regex(/^(\*\.denied|[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*)$/, "Not an action name.")
    .max(64),
  from: day,
  to: day,
  account: text().trim().min(1).max(200, "At most 200 characters."),
  page: z.coerce.number("Not a page number.").int("Not a page number.").min(1, "Pages start at 1.").max(10_000, "Too far."),
} as const;

const LABELS: Record<keyof typeof fields, string> = {
  key: "Key",
  actor: "Actor",
  action: "Action",
  from: "From",
  to: "To",
  account: "Client",
  page: "Page",
};

export interface ParsedAuditQuery {
  filters: AuditFilters;
  page: number;
  /** One message per refused parameter: the parameter is ignored and the rest still applies. */
  problems: string[];
}

// Links made before accounts name the client's trail `?owner=`: still read, when `account` is absent.
const FORMER_NAMES: Partial<Record<keyof typeof fields, string>> = { account: "owner" };

/**
 * Reads the filters from a query string, each one on its own: a bad value is named and ignored rather than
 * failing the whole page. Empty values (a form's blank fields) mean "no filter".
 */
export function parseAuditQuery(
  params: Record<string, string | string[] | undefined> | URLSearchParams,
  { allowAccount = false } = {},
): ParsedAuditQuery {
  const read = (name: string) => {
    const value = params instanceof URLSearchParams ? params.get(name) : params[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined || first === null || first.trim() === "" ? undefined : first;
  };
  const values: Partial<Record<keyof typeof fields, string | number>> = {};
  const problems: string[] = [];
  for (const name of Object.keys(fields) as (keyof typeof fields)[]) {
    if (name === "account" && !allowAccount) continue;
    const former = FORMER_NAMES[name];
    const raw = read(name) ?? (former ? read(former) : undefined);
    if (raw === undefined) continue;
    const parsed = fields[name].safeParse(raw);
    if (parsed.success) values[name] = parsed.data;
    else problems.push(`${LABELS[name]}: ${parsed.error.issues[0]?.message ?? "not understood"} The filter was ignored.`);
  }
  if (values.from && values.to && String(values.from) > String(values.to)) {
    problems.push("From is after To: the date filter was ignored.");
    delete values.from;
    delete values.to;
  }
  return {
    filters: {
      key: values.key as string | undefined,
      actor: values.actor as string | undefined,
      action: values.action as string | undefined,
      from: values.from as string | undefined,
      to: values.to as string | undefined,
      account: values.account as string | undefined,
    },
    page: (values.page as number | undefined) ?? 1,
    problems,
  };
}

/** The query string for the same filters on another page (or for the export). */
export function auditQueryString(filters: AuditFilters, page?: number): string {
  const params = new URLSearchParams();
  const entries: [string, string | undefined][] = [
    ["key", filters.key],
    ["actor", filters.actor],
    ["action", filters.action],
    ["from", filters.from],
    ["to", filters.to],
    ["account", filters.account],
  ];
  for (const [name, value] of entries) if (value) params.set(name, value);
  if (page && page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `?${text}` : "";
}
