import { describe, expect, it } from "vitest";
import { isRefusedForContent } from "./errors";

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
// drizzle wraps the driver's error: the code is on the cause.
const wrapped = (cause: Error) => Object.assign(new Error("Failed query: insert into usage_events …"), { cause });

describe("isRefusedForContent", () => {
  it("is true of rows the database refuses for what they hold", () => {
    const foreignKey = pgError("23503", 'insert or update on table "usage_events_p20261202" violates foreign key constraint');
    expect(isRefusedForContent(foreignKey)).toBe(true);
    expect(isRefusedForContent(wrapped(foreignKey))).toBe(true);
    expect(isRefusedForContent(pgError("22P02", "invalid input syntax for type uuid"))).toBe(true);
  });

  it("is false of a row that met a day's partition being attached: written again, it goes there", () => {
    const rerouted = pgError("23514", 'new row for relation "usage_events_default" violates partition constraint');
    expect(isRefusedForContent(rerouted)).toBe(false);
    expect(isRefusedForContent(wrapped(rerouted))).toBe(false);
  });

  it("is false of a database that is away or busy", () => {
    expect(isRefusedForContent(pgError("ECONNREFUSED", "connect ECONNREFUSED"))).toBe(false);
    expect(isRefusedForContent(pgError("40P01", "deadlock detected"))).toBe(false);
  });
});
