import { z } from "zod";
import ipaddr from "ipaddr.js";

export const MAX_ALLOWLIST_ENTRIES = 50;

/** One IPv4 or IPv6 address or CIDR block, stored in canonical CIDR form ("10.0.0.0/8", "2001:db8::/32"). */
const cidr = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .transform((value, ctx) => {
    try {
      const [range, bits] = value.includes("/") ? ipaddr.parseCIDR(value) : [ipaddr.parse(value), -1];
      const prefix = bits === -1 ? (range.kind() === "ipv4" ? 32 : 128) : bits;
      const network =
        range.kind() === "ipv4"
          ? ipaddr.IPv4.networkAddressFromCIDR(`${range.toString()}/${prefix}`)
          : ipaddr.IPv6.networkAddressFromCIDR(`${range.toString()}/${prefix}`);
      return `${network.toString()}/${prefix}`;
    } catch {
      ctx.addIssue({ code: "custom", message: `"${value}" is not an IP address or CIDR block.` });
      return z.NEVER;
    }
  });

export const ipAllowlistSchema = z
  .array(cidr)
  .max(MAX_ALLOWLIST_ENTRIES, `At most ${MAX_ALLOWLIST_ENTRIES} entries.`)
  .transform((list) => [...new Set(list)]);

/** The dashboard's textarea: one entry per line, or separated by commas or spaces. */
export const ipAllowlistTextSchema = z
  .string()
  .max(4000, "The list is too long.")
  .transform((text) => text.split(/[\s,]+/).filter(Boolean))
  .pipe(ipAllowlistSchema);
