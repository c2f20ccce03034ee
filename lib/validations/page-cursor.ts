import { z } from "zod";

// Where a page of a newest-first list ended: a row's time and id (rows written together share their time), as a
// `before` parameter. Anything else starts from the newest.
export const pageCursorSchema = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z~[0-9a-f-]{36}$/)
  .transform((value) => {
    const [at, id] = value.split("~");
    return { at: new Date(at), id };
  });

export function pageCursor(at: Date, id: string): string {
  return `${at.toISOString()}~${id}`;
}
