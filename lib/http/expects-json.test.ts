import { describe, expect, it } from "vitest";
import { expectsJson } from "@/lib/http/expects-json";

// What Chromium sends when it loads a page.
const NAVIGATION_ACCEPT =
  "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8," +
  "application/signed-exchange;v=b3;q=0.7";

const expects = (headers: Record<string, string>) => expectsJson(new Headers(headers));

describe("expectsJson", () => {
  it("answers a request carrying an API key with JSON", () => {
    expect(expects({ authorization: "Bearer lk_live_x" })).toBe(true);
    expect(expects({ "x-api-key": "lk_live_x", accept: "*/*" })).toBe(true);
  });

  it("answers a request preferring JSON with JSON, key or not", () => {
    expect(expects({ accept: "application/json" })).toBe(true);
    expect(expects({ accept: "application/json, text/html;q=0.5" })).toBe(true);
    expect(expects({ accept: "application/*" })).toBe(true);
  });

  it("keeps the redirect for a browser loading a page, even behind HTTP basic authentication", () => {
    expect(expects({ accept: NAVIGATION_ACCEPT })).toBe(false);
    expect(expects({ accept: NAVIGATION_ACCEPT, authorization: "Basic dXNlcjpwYXNz" })).toBe(false);
    expect(expects({ "sec-fetch-mode": "navigate", authorization: "Basic dXNlcjpwYXNz", accept: "*/*" })).toBe(false);
  });

  it("keeps the redirect when nothing marks a script: no key, and HTML as welcome as JSON", () => {
    expect(expects({})).toBe(false);
    expect(expects({ accept: "*/*" })).toBe(false);
    expect(expects({ accept: "text/html, application/json" })).toBe(false);
    expect(expects({ accept: "text/html;q=0.9, application/json;q=0.1" })).toBe(false);
  });
});
