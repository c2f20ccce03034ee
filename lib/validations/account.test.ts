import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { fieldErrorsOf } from "./field-errors";
import { safeCallbackPath, signInSchema, signUpSchema } from "./account";

const validSignUp = { name: "Alice", email: "alice@example.com", password: "long enough password" };

function fieldErrors(result: { success: boolean; error?: z.ZodError }) {
  expect(result.success).toBe(false);
  return fieldErrorsOf(result.error!);
}

describe("signInSchema", () => {
  it("trims and lowercases the email", () => {
    expect(signInSchema.parse({ email: "  Alice@Example.COM ", password: "x" })).toEqual({
      email: "alice@example.com",
      password: "x",
    });
  });

  it.each([
    ["not an email", "alice", "Enter a valid email address."],
    ["missing", undefined, "Email is required."],
  ])("refuses an email that is %s", (_label, email, message) => {
    expect(fieldErrors(signInSchema.safeParse({ email, password: "x" })).email).toEqual([message]);
  });

  it("refuses an empty or overlong password", () => {
    expect(fieldErrors(signInSchema.safeParse({ email: "a@b.co", password: "" })).password).toEqual(["Password is required."]);
    expect(fieldErrors(signInSchema.safeParse({ email: "a@b.co", password: "p".repeat(201) })).password).toEqual([
      "Password is too long.",
    ]);
  });
});

describe("signUpSchema", () => {
  it("accepts a name, an email and a password of 10 to 200 characters", () => {
    expect(signUpSchema.parse({ ...validSignUp, password: "p".repeat(10) }).password).toHaveLength(10);
    expect(signUpSchema.parse({ ...validSignUp, password: "p".repeat(200) }).password).toHaveLength(200);
    expect(signUpSchema.parse({ ...validSignUp, name: "n".repeat(100) }).name).toHaveLength(100);
  });

  it.each([
    ["password", "p".repeat(9), "Password must be at least 10 characters."],
    ["password", "p".repeat(201), "Password must be at most 200 characters."],
    ["name", "   ", "Name is required."],
    ["name", "n".repeat(101), "Name is too long."],
    ["email", `${"a".repeat(250)}@b.co`, "Email is too long."],
  ])("refuses a %s of %j", (field, value, message) => {
    expect(fieldErrors(signUpSchema.safeParse({ ...validSignUp, [field]: value }))[field]).toEqual([message]);
  });
});

describe("emails that cannot receive mail", () => {
  it("refuses .invalid, where a deleted person's row keeps its address", () => {
    const taken = signUpSchema.safeParse({ ...validSignUp, email: "deleted-0b7c@deleted.invalid" });
    expect(fieldErrors(taken).email).toEqual(["Enter an address that can receive mail."]);
  });
});

describe("safeCallbackPath", () => {
  it.each([
    ["/keys", "/keys"],
    ["/keys/123?tab=audit", "/keys/123?tab=audit"],
    ["/usage#chart", "/usage"],
    ["/a/../admin", "/admin"],
  ])("follows the same-site path %j", (candidate, expected) => {
    expect(safeCallbackPath(candidate)).toBe(expected);
  });

  it.each([
    "//evil.com",
    "//evil.com/keys",
    "https://evil.com",
    "http://evil.com/keys",
    "javascript:alert(1)",
    "/\\evil.com",
    "\\\\evil.com",
    "/\t/evil.com",
    "/\n/evil.com",
    "/.//evil.com",
    "/a/..//evil.com",
    "/%2e//evil.com",
    "evil.com",
    "keys",
    "",
  ])("falls back for %j", (candidate) => {
    expect(safeCallbackPath(candidate)).toBe("/keys");
  });

  it("falls back when there is no candidate, to the given fallback", () => {
    expect(safeCallbackPath(undefined)).toBe("/keys");
    expect(safeCallbackPath(null, "/admin")).toBe("/admin");
    expect(safeCallbackPath("//evil.com", "/admin")).toBe("/admin");
  });
});
