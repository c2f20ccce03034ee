import "server-only";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { env, usesEmbeddedDatabase } from "@/lib/infra/env";

// Outbound calls never reach a private, loopback, link-local (cloud metadata), multicast or otherwise non-public
// address unless GATEWAY_ALLOW_PRIVATE_UPSTREAMS allows it. The host is resolved once, every address it resolves to is
// checked, and the connection is made to the checked address (forward.ts passes it as the socket's only lookup
// result), so a name that answers a public address to the check and a private one to the connection (DNS rebinding)
// gets nowhere.

export type Resolution = { ok: true; address: string; family: 4 | 6 } | { ok: false; reason: "not_found" | "forbidden" };

/**
 * The embedded demo (no DATABASE_URL, demo seeded) forwards to its own demo upstream on loopback, so loopback, and only
 * loopback, is allowed there unless the setting says otherwise. That is a trial on one machine whose admin is at the
 * keyboard; link-local (169.254.169.254) and the private ranges stay closed even then. A real deployment allows nothing
 * private until told to.
 */
type AllowedNetworks = "all" | [ipaddr.IPv4 | ipaddr.IPv6, number][];
// Parsed once: the environment does not change while the process runs, and every gateway call asks.
let parsed: AllowedNetworks | undefined;

export function allowedPrivateNetworks(): AllowedNetworks {
  parsed ??= parseAllowedNetworks();
  return parsed;
}

function parseAllowedNetworks(): AllowedNetworks {
  const setting = env().GATEWAY_ALLOW_PRIVATE_UPSTREAMS;
  if (setting === "all") return "all";
  if (setting === "none") return [];
  const embeddedDemo = usesEmbeddedDatabase() && (env().SEED_DEMO ?? true);
  const networks = setting ?? (embeddedDemo ? ["127.0.0.0/8", "::1/128"] : []);
  return networks.map((network) => ipaddr.parseCIDR(network));
}

export function addressAllowed(address: string, allowed = allowedPrivateNetworks()): boolean {
  if (!ipaddr.isValid(address)) return false;
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
  const parsed = ipaddr.process(address);
  if (parsed.range() === "unicast") return true;
  if (allowed === "all") return true;
  return allowed.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits));
}

/** Resolves a service's host once and checks every address; answers the one to connect to. */
export async function resolveUpstream(hostname: string): Promise<Resolution> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const allowed = allowedPrivateNetworks();
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
