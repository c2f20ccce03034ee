import { describe, expect, it } from "vitest";
import type { GatewayRoute } from "@/db/schema";
import { matchRoute } from "./match";

let position = 0;
function rule(method: string, pathPattern: string): GatewayRoute {
  position++;
  const now = new Date();
  return {
    id: `r${position}`,
    serviceId: "s",
    method,
    pathPattern,
    requiredScopes: [],
    cost: 1,
    position,
    createdAt: now,
    updatedAt: now,
  };
}

describe("matchRoute", () => {
  const adminRule = rule("ANY", "/admin/*");
  const payment = rule("GET", "/payments/:id");
  const create = rule("POST", "/payments");
  const files = rule("ANY", "/files{/*path}");
  const rules = [adminRule, payment, create, files];

  it("takes the first rule whose method and pattern match", () => {
    expect(matchRoute(rules, "GET", "/payments/42")).toBe(payment);
    expect(matchRoute(rules, "HEAD", "/payments/42")).toBe(payment);
    expect(matchRoute(rules, "POST", "/payments")).toBe(create);
    expect(matchRoute(rules, "DELETE", "/files")).toBe(files);
    expect(matchRoute(rules, "PUT", "/files/a/b.txt")).toBe(files);
    expect(matchRoute(rules, "GET", "/admin/users/1")).toBe(adminRule);
  });

  it("finds nothing for another method or path", () => {
    expect(matchRoute(rules, "DELETE", "/payments/42")).toBeUndefined();
    expect(matchRoute(rules, "GET", "/payments/42/refunds")).toBeUndefined();
    expect(matchRoute(rules, "GET", "/")).toBeUndefined();
    expect(matchRoute([], "GET", "/payments/1")).toBeUndefined();
  });

  it("matches case-insensitively, so another case cannot slip past a stricter rule to a laxer one", () => {
    const laxer = rule("ANY", "/*");
    expect(matchRoute([adminRule, laxer], "GET", "/ADMIN/users")).toBe(adminRule);
  });

  it("matches an encoded segment as one segment", () => {
    expect(matchRoute(rules, "GET", "/payments/a%2Fb")).toBe(payment);
  });
});
