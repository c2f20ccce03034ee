import { describe, expect, it } from "vitest";
import { addressBucket } from "./rate-limiter";

describe("addressBucket", () => {
  it("counts IPv4 per address and IPv6 per /64", () => {
    expect(addressBucket("198.51.100.7")).toBe("198.51.100.7");
    expect(addressBucket("2001:db8:1:2::5")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe(addressBucket("2001:db8:1:2::1"));
    expect(addressBucket("2001:db8:1:3::1")).not.toBe(addressBucket("2001:db8:1:2::1"));
  });

  it("puts unknown addresses in one bucket", () => {
    expect(addressBucket(null)).toBe("unknown");
  });
});
