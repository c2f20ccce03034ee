import { describe, expect, it } from "vitest";
import { routeName } from "./route-name";

describe("routeName", () => {
  it.each([
    ["/api/v1/keys/3f0e6a58-9f3c-4d8e-9b1a-5a3e2d1c0b9a/roll", "/api/v1/keys/:id/roll"],
    ["/v1/orders/1234/items/7?expand=all", "/v1/orders/:id/items/:id"],
    ["/v1/sms#top", "/v1/sms"],
    ["?x=1", "/"],
    ["/v1/v2beta/a1b2", "/v1/v2beta/a1b2"],
  ])("%s → %s", (path, expected) => {
    expect(routeName(path)).toBe(expected);
  });
});
