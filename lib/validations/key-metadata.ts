import { z } from "zod";
import type { KeyMetadata } from "@/db/schema";
import { NUL_MESSAGE } from "./text";

// A key's metadata: the owner's own JSON about the key (a customer id, a tier, a region), returned by the API and by
// verify. Any JSON object, bounded so that a key stays small in every cache and every verify answer.
export const MAX_METADATA_BYTES = 4_096;
export const MAX_METADATA_DEPTH = 5;

function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

// Values are z.unknown() rather than z.json(): a body parsed from JSON holds nothing else, and z.json() is recursive,
// which the OpenAPI document cannot show without shared definitions.
function holdsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (value === null || typeof value !== "object") return false;
  const entries = Array.isArray(value) ? value : Object.entries(value).flat();
  return entries.some(holdsNul);
}

export const keyMetadataSchema = z
  .record(
    z.string().min(1, "A metadata field needs a name.").max(64, "Metadata field names are at most 64 characters."),
    z.unknown(),
  )
  .superRefine((value, ctx) => {
    const json = JSON.stringify(value);
    // As for every text field (./text.ts): Postgres's jsonb cannot hold a NUL, in a name or a value.
    if (holdsNul(value)) {
      ctx.addIssue({ code: "custom", message: NUL_MESSAGE });
    } else if (new TextEncoder().encode(json).length > MAX_METADATA_BYTES) {
      ctx.addIssue({
        code: "custom",
        message: `Metadata must be at most ${MAX_METADATA_BYTES.toLocaleString("en-US")} bytes of JSON.`,
      });
    } else if (depthOf(value) > MAX_METADATA_DEPTH) {
      ctx.addIssue({ code: "custom", message: `Metadata may nest at most ${MAX_METADATA_DEPTH} levels deep.` });
    }
  })
  .transform((value) => value as KeyMetadata)
  .describe(
    "Your own data about the key, returned with it and in verify's answer: a JSON object of at most 4 KB, nesting at most 5 levels.",
  );

/**
 * The forms' metadata: JSON typed into a text area. Empty is no metadata ({}); anything else must be a JSON object
 * within the same bounds.
 */
export const keyMetadataTextSchema = z
  .string()
  .trim()
  .max(MAX_METADATA_BYTES * 2, `Metadata must be at most ${MAX_METADATA_BYTES.toLocaleString("en-US")} bytes of JSON.`)
  .transform((text, ctx) => {
    if (text === "") return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: "custom", message: 'Metadata must be valid JSON, such as {"customer": "cus_123"}.' });
      return z.NEVER;
    }
    const checked = keyMetadataSchema.safeParse(parsed);
    if (!checked.success) {
      ctx.addIssue({
        code: "custom",
        message:
          parsed === null || typeof parsed !== "object" || Array.isArray(parsed)
            ? 'Metadata must be a JSON object, such as {"customer": "cus_123"}.'
            : (checked.error.issues[0]?.message ?? "Metadata is not valid."),
      });
      return z.NEVER;
    }
    return checked.data;
  });
