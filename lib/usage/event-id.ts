import { randomBytes } from "node:crypto";

/**
 * A usage event's id, given when the request is recorded: a UUIDv7 (RFC 9562), 48 bits of milliseconds then random
 * bits. Time-ordered ids land at the right edge of usage_events' unique index, as the bigserial does, instead of
 * scattering writes over the whole index the way random UUIDs would on the busiest table.
 */
export function newEventId(at: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(at, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
