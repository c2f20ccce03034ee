// The address a key was presented from, for its IP allowlist. Only ever the socket's, or what proxies you trust
// appended to X-Forwarded-For: a client can write anything into that header, so by default it is ignored.

/** The address in the form Latchkey accepts ("::ffff:1.2.3.4" becomes "1.2.3.4"), or undefined if it is not one. */
export function normaliseIp(address: string | null | undefined): string | undefined {
  const trimmed = address?.trim();
  if (!trimmed) return undefined;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed)?.[1];
  const candidate = mapped ?? trimmed;
  if (IPV4.test(candidate)) return candidate;
  // The URL parser knows every IPv6 spelling; an address it refuses (a zone id, junk) is not sent.
  if (!candidate.includes(":")) return undefined;
  try {
    return new URL(`http://[${candidate}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/**
 * The caller's address behind `trustedProxies` reverse proxies, each of which appends the address it saw to
 * X-Forwarded-For: the entry that many places from the right of the chain ending with the socket's address, as
 * Latchkey's own TRUST_PROXY reads it. With 0 proxies, the socket's address.
 */
export function addressBehindProxies(
  socketAddress: string | null | undefined,
  forwardedFor: string | null | undefined,
  trustedProxies: number,
): string | undefined {
  if (trustedProxies <= 0) return normaliseIp(socketAddress);
  const chain = [...(forwardedFor?.split(",") ?? []), socketAddress ?? ""];
  return normaliseIp(chain[Math.max(0, chain.length - 1 - trustedProxies)]);
}
