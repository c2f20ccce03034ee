import { describe, expect, it } from "vitest";
import { normaliseGatewayPath, upstreamTarget } from "./path";

describe("normaliseGatewayPath", () => {
  it.each([
    ["", "/"],
    ["/", "/"],
    ["/echo/a", "/echo/a"],
    ["/echo//a", "/echo/a"],
    ["/echo/a/", "/echo/a/"],
    ["/files/r%C3%A9sum%C3%A9.pdf", "/files/r%C3%A9sum%C3%A9.pdf"],
    ["/files/a%20b", "/files/a%20b"],
    ["/users/me@example.com:1", "/users/me@example.com:1"],
    ["/a/%7Euser", "/a/~user"],
    ["/a/..b/c..", "/a/..b/c.."],
  ])("%j becomes %j", (raw, path) => {
    expect(normaliseGatewayPath(raw)).toEqual({ ok: true, path });
  });

  it.each([
    "/../x",
    "/a/../../x",
    "/a/./b",
    "/a/%2e%2e/b",
    "/a/%2E%2E/b",
    "/a/.%2e/b",
    "/a/%2e/b",
    "/a/..;jsessionid=1/b",
    "/echo/admin;x/secret",
    "/echo/admin%3Bx/secret",
    "/a/%2e%2e%3b/b",
    "/a/%2fetc/passwd",
    "/a/..%2f..%2fb",
    "/a/%5c..%5cb",
    "/a\\..\\b",
    "/a/%252e%252e/b",
    "/a/%25/b",
    "/a/%00/b",
    "/a/%0d%0aHost:%20evil",
    "/a/%e0%a4%a",
    "no-slash",
    `/${"a".repeat(3000)}`,
  ])("refuses %j", (raw) => {
    expect(normaliseGatewayPath(raw).ok).toBe(false);
  });
});

describe("upstreamTarget", () => {
  it("appends to the base path and keeps the query", () => {
    expect(upstreamTarget("/v1/", "/echo/a", "?x=1")).toBe("/v1/echo/a?x=1");
    expect(upstreamTarget("", "/", "")).toBe("/");
  });
});
