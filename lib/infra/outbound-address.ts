import "server-only";
import { lookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { env, usesEmbeddedDatabase } from "@/lib/infra/env";

// Outbound calls (gateway upstreams, webhook endpoints) never reach a private, loopback, link-local (cloud metadata),
// multicast or otherwise non-public address unless their setting allows it. The host is resolved once, every address
// it resolves to is checked, and the connection is made to the checked address (the caller passes it as the socket's
// only lookup result), so a name that answers a public address to the check and a private one to the connection (DNS
// rebinding) gets nowhere.

export type Resolution = { ok: true; address: string; family: 4 | 6 } | { ok: false; reason: "not_found" | "forbidden" };

/** Who is calling out: each has its own setting. */
export type OutboundPurpose = "gateway" | "webhooks";

export type AllowedNetworks = "all" | [ipaddr.IPv4 | ipaddr.IPv6, number][];
// Parsed once per purpose: the environment does not change while the process runs, and every call asks.
const parsed = new Map<OutboundPurpose, AllowedNetworks>();

export function allowedPrivateNetworks(purpose: OutboundPurpose = "gateway"): AllowedNetworks {
  let allowed = parsed.get(purpose);
  if (!allowed) {
    allowed = parseAllowedNetworks(purpose);
    parsed.set(purpose, allowed);
  }
  return allowed;
}

/**
 * On the embedded demo the gateway forwards to its demo upstream on loopback, so loopback, and only loopback, is
 * allowed there unless the setting says otherwise. Webhooks get nothing private by default, whatever the database:
 * an endpoint's URL is any client's choice, and a delivery log shows the reply (lib/webhooks/targets.ts opens the
 * one demo receiver URL). Link-local (169.254.169.254) and the private ranges stay closed. A real deployment allows
 * nothing private until told to.
 */
function parseAllowedNetworks(purpose: OutboundPurpose): AllowedNetworks {
  const setting = purpose === "gateway" ? env().GATEWAY_ALLOW_PRIVATE_UPSTREAMS : env().WEBHOOK_ALLOW_PRIVATE_TARGETS;
  if (setting === "all") return "all";
  if (setting === "none") return [];
  const loopbackByDefault = purpose === "gateway" && usesEmbeddedDatabase() && (env().SEED_DEMO ?? true);
  const networks = setting ?? (loopbackByDefault ? ["127.0.0.0/8", "::1/128"] : []);
  return networks.map((network) => ipaddr.parseCIDR(network));
}

// IPv6 forms that carry an IPv4 address in their last 32 bits, which a host (or a NAT64 gateway) may connect to as
// that IPv4 address: IPv4-compatible (::/96, deprecated; ipaddr.js calls ::7f00:1 "unicast"), IPv4-translated
// (::ffff:0:0:0/96) and NAT64 (64:ff9b::/96, 64:ff9b:1::/48). None is ever public by itself.
const EMBEDDING_IPV4 = ["::/96", "::ffff:0:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48"].map((cidr) => ipaddr.parseCIDR(cidr));

function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  if (!EMBEDDING_IPV4.some(([network, bits]) => address.match(network, bits))) return null;
  const [high, low] = address.parts.slice(6);
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function inNetworks(address: ipaddr.IPv4 | ipaddr.IPv6, allowed: Exclude<AllowedNetworks, "all">): boolean {
  return allowed.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}

export function addressAllowed(address: string, allowed = allowedPrivateNetworks()): boolean {
  if (!ipaddr.isValid(address)) return false;
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
  const parsed = ipaddr.process(address);
  if (allowed === "all") return true;
  const embedded = parsed.kind() === "ipv6" ? embeddedIpv4(parsed as ipaddr.IPv6) : null;
  if (embedded) {
    // ::7f00:1 is 127.0.0.1 in disguise: allowed only where the setting names the network (as IPv4 or as IPv6).
    return inNetworks(embedded, allowed) || inNetworks(parsed, allowed);
  }
  if (parsed.range() === "unicast") return true;
  return inNetworks(parsed, allowed);
}

/** Public: an address no setting is needed to reach. */
export function isPublicAddress(address: string): boolean {
  return addressAllowed(address, []);
}

/** Resolves a host once and checks every address; answers the one to connect to. */
export async function resolveOutbound(
  hostname: string,
  purpose: OutboundPurpose = "gateway",
  allowed: AllowedNetworks = allowedPrivateNetworks(purpose),
): Promise<Resolution> {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    return addressAllowed(host, allowed)
      ? { ok: true, address: host, family: isIP(host) as 4 | 6 }
      : { ok: false, reason: "forbidden" };
  }
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return { ok: false, reason: "not_found" };
  }
  if (addresses.length === 0) return { ok: false, reason: "not_found" };
  // One forbidden answer refuses the name: a mix is what a rebinding or a misconfigured record looks like.
  if (!addresses.every(({ address }) => addressAllowed(address, allowed))) return { ok: false, reason: "forbidden" };
  const [first] = addresses;
  return { ok: true, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A socket lookup that can only answer the address resolveOutbound checked: the connection goes there and nowhere else. */
export function pinnedLookup(resolution: { address: string; family: 4 | 6 }): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: resolution.address, family: resolution.family }]);
    else callback(null, resolution.address, resolution.family);
  };
}
