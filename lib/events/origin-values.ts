import ipaddr from "ipaddr.js";
import { printable } from "@/lib/format";

// What counts as "the same place" when a key's origins are compared (lib/events/usage-signals.ts).

export const MAX_CLIENT_LENGTH = 200;

/** An address as an origin: itself, or for IPv6 its /64 (one household or host rotates addresses inside it). */
export function addressOrigin(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return null;
  const address = ipaddr.process(ip);
  if (address.kind() === "ipv4") return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}

/** A user agent as an origin: version numbers blanked, so that curl/8.5.0 and curl/8.6.0 are one client. */
export function clientOrigin(userAgent: string): string | null {
  const cleaned = printable(userAgent).trim().slice(0, MAX_CLIENT_LENGTH);
  return cleaned ? cleaned.replace(/\d+(?:[._]\d+)*/g, "*") : null;
}
