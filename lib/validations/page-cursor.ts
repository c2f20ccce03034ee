import { z } from "zod";

// Where a page of a newest-first list ended: a row's time and id (rows written together share their time), as a
// `before` parameter. Anything else (a date that is no date, an id that is no UUID) starts from the newest.
export const pageCursorSchema = z
  .string()
  .max(80)
  .transform((value, ctx) => {
    const [at, id, ...rest] = value.split("~");
    const time = z.iso.datetime({ precision: 3 }).safeParse(at);
    const uuid = z.uuid().safeParse(id);
    if (rest.length > 0 || !time.success || !uuid.success || Number.isNaN(new Date(time.data).getTime())) {
      ctx.addIssue({ code: "custom", message: "Not a page of this list." });
      return z.NEVER;
    }
    return { at: new Date(time.data), id: uuid.data };
  });

export function pageCursor(at: Date, id: string): string {
  return `${at.toISOString()}~${id}`;
}
