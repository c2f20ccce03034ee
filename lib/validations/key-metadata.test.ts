import { describe, expect, it } from "vitest";
import { keyMetadataSchema, keyMetadataTextSchema } from "./key-metadata";

const messageOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe("key metadata", () => {
  it("takes any JSON object within 4 KB and 5 levels", () => {
    const value = { customer: "cus_123", tier: 2, beta: true, tags: ["eu", null], limits: { a: { b: { c: 1 } } } };
    expect(keyMetadataSchema.parse(value)).toEqual(value);
  });

  it("refuses one over 4 KB, nested too deep, or with an empty field name", () => {
    expect(messageOf(keyMetadataSchema.safeParse({ blob: "x".repeat(4_100) }))).toBe(
      "Metadata must be at most 4,096 bytes of JSON.",
    );
    expect(messageOf(keyMetadataSchema.safeParse({ a: { b: { c: { d: { e: { f: 1 } } } } } }))).toBe(
      "Metadata may nest at most 5 levels deep.",
    );
    expect(keyMetadataSchema.safeParse({ "": 1 }).success).toBe(false);
    // Postgres's jsonb cannot hold a NUL: refused by name rather than failing at the database.
    expect(messageOf(keyMetadataSchema.safeParse({ note: "a\u0000b" }))).toBe("Must not contain a NUL character.");
    expect(messageOf(keyMetadataSchema.safeParse({ "a\u0000": 1 }))).toBe("Must not contain a NUL character.");
    // Counted in bytes, not characters: 2,000 two-byte letters are 4,000 bytes with the quotes and name.
    expect(keyMetadataSchema.safeParse({ n: "é".repeat(2_100) }).success).toBe(false);
  });

  it("reads the forms' text: empty is none, anything else a JSON object", () => {
    expect(keyMetadataTextSchema.parse("  ")).toEqual({});
    expect(keyMetadataTextSchema.parse('{"customer": "cus_123"}')).toEqual({ customer: "cus_123" });
    expect(messageOf(keyMetadataTextSchema.safeParse("{customer: 1}"))).toBe(
      'Metadata must be valid JSON, such as {"customer": "cus_123"}.',
    );
    for (const notAnObject of ["[1, 2]", '"text"', "42", "null"]) {
      expect(messageOf(keyMetadataTextSchema.safeParse(notAnObject))).toBe(
        'Metadata must be a JSON object, such as {"customer": "cus_123"}.',
      );
    }
    expect(messageOf(keyMetadataTextSchema.safeParse(JSON.stringify({ blob: "x".repeat(4_100) })))).toBe(
      "Metadata must be at most 4,096 bytes of JSON.",
    );
  });
});
