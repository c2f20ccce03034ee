import ipaddr from "ipaddr.js";

/** True when the key has no allowlist, or the address falls inside one of its CIDR blocks. */
export function ipAllowed(allowlist: string[], ip: string | null): boolean {
  if (allowlist.length === 0) return true;
  if (!ip || !ipaddr.isValid(ip)) return false;
  // process() turns "::ffff:1.2.3.4" into 1.2.3.4, so that it meets IPv4 blocks.
  const address = ipaddr.process(ip);
  return allowlist.some((cidr) => {
    const [range, bits] = ipaddr.parseCIDR(cidr);
    return range.kind() === address.kind() && address.match(range, bits);
  });
}
