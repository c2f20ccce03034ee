import { z } from "zod";
import { USAGE_SOURCES } from "@/db/schema";
import { MAX_TAG_LENGTH, MAX_TAGS } from "./tags";

// A line comes back from disk after a crash, perhaps from an older version: checked field by field, never trusted.
const journalLine = z.object({
  eventId: z.uuid(),
  keyId: z.uuid(),
  accountId: z.uuid(),
  at: z.iso.datetime().transform((at) => new Date(at)),
  method: z.string(),
  route: z.string(),
  status: z.number().int().min(100).max(599),
  latencyMs: z.number().int().min(0),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  counted: z.boolean(),
  // Lines journaled before outcomes were kept have none.
  outcome: z.string().min(1).max(40).default("ok"),
  neededScopes: z.array(z.string().max(65)).max(64).optional(),
  // Lines journaled before sources and tags were kept are calls to Latchkey's own API, untagged.
  source: z.enum(USAGE_SOURCES).default("api"),
  tags: z.array(z.string().max(MAX_TAG_LENGTH)).max(MAX_TAGS).optional(),
});

/** A usage event as the recorder journals it. */
export type JournaledUsage = z.output<typeof journalLine>;

/** One usage event as a journal line: JSON, the time as an ISO string. */
export function toJournalLine(event: Omit<JournaledUsage, "source"> & Partial<Pick<JournaledUsage, "source">>): string {
  return JSON.stringify(event);
}

/** The event a journal line holds, or null for a line that cannot be one (it is then skipped and counted). */
export function fromJournalLine(line: string): JournaledUsage | null {
  try {
    const parsed = journalLine.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
