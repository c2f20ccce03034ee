import { describe, expect, it } from "vitest";
import { printable } from "@/lib/format";
import { addressOrigin, clientOrigin } from "./origin-values";

describe("addressOrigin", () => {
  it("keeps an IPv4 address, and an IPv4 address mapped into IPv6 as IPv4", () => {
    expect(addressOrigin("203.0.113.7")).toBe("203.0.113.7");
    expect(addressOrigin("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("counts an IPv6 /64 as one origin", () => {
    expect(addressOrigin("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressOrigin("2001:db8:1:2::1")).toBe(addressOrigin("2001:db8:1:2:ffff::9"));
    expect(addressOrigin("2001:db8:1:3::1")).not.toBe(addressOrigin("2001:db8:1:2::1"));
  });

  it("answers null for what is not an address", () => {
    expect(addressOrigin("not an address")).toBeNull();
    expect(addressOrigin("")).toBeNull();
  });
});

describe("clientOrigin", () => {
  it("blanks version numbers, so that an upgrade is the same client", () => {
    expect(clientOrigin("curl/8.5.0")).toBe("curl/*");
    expect(clientOrigin("curl/8.6.0")).toBe(clientOrigin("curl/8.5.0"));
    expect(clientOrigin("python-requests/2.31.0")).not.toBe(clientOrigin("curl/8.5.0"));
  });

  it("drops control characters and caps the length", () => {
    expect(clientOrigin("evil\r\nBcc: x@y\u0000/1")).toBe("evilBcc: x@y/*");
    expect(clientOrigin("a".repeat(1_000))).toHaveLength(200);
    expect(clientOrigin("\u0007\u0008 ")).toBeNull();
    expect(printable("tab\there\u009b")).toBe("tabhere");
  });
});
