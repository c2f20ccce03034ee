import { z } from "zod";

// Postgres cannot hold a NUL character in text, nor take one as a query parameter: a field carrying one is refused
// here, named like any other bad field, instead of failing at the database with a 500.
const NUL = "\u0000";
export const NUL_MESSAGE = "Must not contain a NUL character.";

/** Free text from a form, the API, the CLI or a query string: a string without NUL. */
export function text(error?: string) {
  return z.string(error === undefined ? undefined : { error }).refine((value) => !value.includes(NUL), NUL_MESSAGE);
}
