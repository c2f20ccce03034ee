import { randomUUID } from "node:crypto";

/**
 * A usage event's id, given when the request is recorded: a UUIDv7 (RFC 9562), 48 bits of milliseconds then random
 * bits. Time-ordered ids land at the right edge of usage_events' unique index, as the bigserial does, instead of
 * scattering writes over the whole index the way random UUIDs would on the busiest table.
 *
 * The random bits are a v4 UUID's (Node draws those from a pooled CSPRNG buffer; a randomBytes call per id cost more
 * than the rest of a cached verification): its first 48 bits give way to the time and its version digit becomes 7.
 * Its variant bits are already RFC 9562's, and 74 random bits remain, as in any UUIDv7.
 */
export function newEventId(at: number = Date.now()): string {
  const random = randomUUID();
  const time = at.toString(16).padStart(12, "0");
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
