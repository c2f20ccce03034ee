import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fieldErrorsOf } from "./field-errors";
import { createKeySchema, updateKeySchema } from "./key";

const now = new Date("2030-06-15T12:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;
const base = {
  name: "k",
  scopes: ["keys:read"],
  environment: "test",
  rateLimit: 60,
  rateLimitWindow: "minute",
};

function expiresAtFor(fields: { expiry?: string; expiresOn?: string }) {
  return createKeySchema.parse({ ...base, ...fields }).expiresAt;
}

function expiryErrors(fields: { expiry?: string; expiresOn?: string }) {
  const result = createKeySchema.safeParse({ ...base, ...fields });
  expect(result.success).toBe(false);
  return fieldErrorsOf(result.error!);
}

describe("key expiry", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now);
  });
  afterEach(() => vi.useRealTimers());

  it("never expires with never", () => {
    expect(expiresAtFor({ expiry: "never" })).toBeNull();
  });

  it.each([7, 30, 90, 365])("expires %i days from now", (days) => {
    expect(expiresAtFor({ expiry: String(days) })).toEqual(new Date(now.getTime() + days * DAY));
  });

  it("expires at the end of a chosen future day, UTC", () => {
    expect(expiresAtFor({ expiry: "date", expiresOn: "2031-01-31" })).toEqual(new Date("2031-01-31T23:59:59.999Z"));
  });

  it("accepts today, which has not ended yet", () => {
    expect(expiresAtFor({ expiry: "date", expiresOn: "2030-06-15" })).toEqual(new Date("2030-06-15T23:59:59.999Z"));
  });

  it("ignores the date unless the choice is date", () => {
    expect(expiresAtFor({ expiry: "30", expiresOn: "2020-01-01" })).toEqual(new Date(now.getTime() + 30 * DAY));
  });

  it.each([
    ["yesterday", "2030-06-14", "The expiry date must be in the future."],
    ["long past", "1999-12-31", "The expiry date must be in the future."],
    ["missing", undefined, "Pick an expiry date."],
    ["empty", "", "Pick an expiry date."],
    ["not a date", "next week", "Pick an expiry date."],
    ["in another format", "15/06/2031", "Pick an expiry date."],
    ["an impossible month", "2031-13-01", "Pick a valid expiry date."],
  ])("refuses a date that is %s", (_label, expiresOn, message) => {
    expect(expiryErrors({ expiry: "date", expiresOn }).expiresOn).toEqual([message]);
  });

  it("accepts a date a few days short of five years away", () => {
    expect(expiresAtFor({ expiry: "date", expiresOn: "2035-06-13" })).toEqual(new Date("2035-06-13T23:59:59.999Z"));
  });

  it.each(["2035-06-16", "2036-01-01", "3030-06-15"])("refuses %s, more than five years away", (expiresOn) => {
    expect(expiryErrors({ expiry: "date", expiresOn }).expiresOn).toEqual(["The expiry date must be within 5 years."]);
  });

  it.each([undefined, "tomorrow", "0", "keep"])("refuses the choice %j when creating", (expiry) => {
    expect(expiryErrors({ expiry }).expiry).toEqual(["Choose when the key expires."]);
  });

  it("resolves the same choices when editing, where keep leaves the expiry alone", () => {
    const update = { name: "k", scopes: ["keys:read"], rateLimit: 60, rateLimitWindow: "minute" };
    expect(updateKeySchema.parse({ ...update, expiry: "keep" }).expiresAt).toBeUndefined();
    expect(updateKeySchema.parse({ ...update, expiry: "7" }).expiresAt).toEqual(new Date(now.getTime() + 7 * DAY));
    const past = updateKeySchema.safeParse({ ...update, expiry: "date", expiresOn: "2030-06-14" });
    expect(fieldErrorsOf(past.error!).expiresOn).toEqual(["The expiry date must be in the future."]);
  });
});
