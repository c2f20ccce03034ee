import type postgres from "postgres";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { withDeadline } from "./deadline";
import { isDatabaseUnavailable, outcomeAfterDeadline } from "./errors";

// A stand-in for postgres.js that can be frozen: what it is sent waits until it thaws. It keeps postgres.js's
// shape where the wrapper depends on it: lazy queries (sent when first awaited) with values(), and begin(), which
// sends BEGIN, runs the callback, then COMMIT, or ROLLBACK if the callback threw, and settles only after that.
function fakeDatabase() {
  let thaw = () => {};
  let gate = Promise.resolve();
  const sent: string[] = [];
  const ran: string[] = [];
  const execute = async (text: string) => {
    sent.push(text);
    await gate;
    ran.push(text);
    return [{ text }];
  };
  const query = (text: string) => {
    let started: Promise<unknown> | undefined;
    const pending = {
      values: () => pending,
      // biome-ignore lint/suspicious/noThenProperty: stands for a postgres.js query.
      then: (onFulfilled?: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) => {
        started ??= execute(text);
        return started.then(onFulfilled, onRejected);
      },
    };
    return pending;
  };
  const transactionSql = () => ({
    unsafe: query,
    savepoint: async (callback: (sql: unknown) => Promise<unknown>) => {
      await execute("savepoint");
      return callback(transactionSql());
    },
  });
  const client = {
    options: { parsers: {} },
    listen: vi.fn(),
    unsafe: query,
    begin: async (callback: (sql: unknown) => Promise<unknown>) => {
      await execute("begin");
      let result: unknown;
      try {
        result = await callback(transactionSql());
      } catch (error) {
        await execute("rollback");
        throw error;
      }
      await execute("commit");
      return result;
    },
  };
  return {
    sql: withDeadline(client as unknown as postgres.Sql, DEADLINE_MS),
    client,
    sent,
    ran,
    freeze() {
      gate = new Promise((resolve) => {
        thaw = resolve;
      });
    },
    async thaw() {
      thaw();
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

const DEADLINE_MS = 1_000;

/** Records when (in fake time) a promise settles, and how. */
function watch<T>(work: Promise<T>) {
  const started = Date.now();
  const outcome: { settledAfter?: number; value?: T; error?: unknown } = {};
  work.then(
    (value) => Object.assign(outcome, { value, settledAfter: Date.now() - started }),
    (error: unknown) => Object.assign(outcome, { error, settledAfter: Date.now() - started }),
  );
  return outcome;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("a statement on its own", () => {
  it("answers as the database does, values() included, and leaves no timer behind", async () => {
    const db = fakeDatabase();
    await expect(db.sql.unsafe("select 1").values()).resolves.toEqual([{ text: "select 1" }]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("is not sent before it is awaited", async () => {
    const db = fakeDatabase();
    db.sql.unsafe("select 1");
    await vi.advanceTimersByTimeAsync(DEADLINE_MS * 2);
    expect(db.sent).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives up at the deadline when the database does not answer, with an error answered as unavailable", async () => {
    const db = fakeDatabase();
    db.freeze();
    const outcome = watch(Promise.resolve(db.sql.unsafe("select 1")));
    await vi.advanceTimersByTimeAsync(DEADLINE_MS - 1);
    expect(outcome.settledAfter).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome.settledAfter).toBe(DEADLINE_MS);
    expect(outcome.error).toMatchObject({ code: "DEADLINE_EXCEEDED" });
    expect(isDatabaseUnavailable(outcome.error)).toBe(true);
    // Answered late, it is dropped quietly (an unhandled rejection would fail this file).
    await db.thaw();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("a transaction", () => {
  it("commits and answers as usual when the database answers in time", async () => {
    const db = fakeDatabase();
    const result = await db.sql.begin(async (sql) => {
      await sql.unsafe("insert 1");
      return "done";
    });
    expect(result).toBe("done");
    expect(db.ran).toEqual(["begin", "insert 1", "commit"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives up at the deadline with a statement in flight, sends nothing more, and rolls back on the thaw", async () => {
    const db = fakeDatabase();
    const outcome = watch(
      db.sql.begin(async (sql) => {
        await sql.unsafe("insert 1");
        db.freeze();
        // The caller gives up while this one waits; anything after it is refused at once, never sent.
        await sql.unsafe("insert 2").then(undefined, () => {});
        await sql.unsafe("insert 3");
      }),
    );
    await vi.advanceTimersByTimeAsync(DEADLINE_MS);
    expect(outcome.settledAfter).toBe(DEADLINE_MS);
    expect(isDatabaseUnavailable(outcome.error)).toBe(true);
    const committed = outcomeAfterDeadline(outcome.error);
    expect(committed).toBeInstanceOf(Promise);

    await db.thaw();
    expect(db.sent).toEqual(["begin", "insert 1", "insert 2", "rollback"]);
    expect(db.ran).not.toContain("commit");
    await expect(committed).resolves.toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rolls back a callback that finishes after the deadline instead of committing it", async () => {
    const db = fakeDatabase();
    const outcome = watch(
      db.sql.begin(async (sql) => {
        await sql.unsafe("insert 1");
        await new Promise((resolve) => setTimeout(resolve, DEADLINE_MS * 2));
      }),
    );
    await vi.advanceTimersByTimeAsync(DEADLINE_MS);
    expect(outcome.error).toMatchObject({ code: "DEADLINE_EXCEEDED" });
    await vi.advanceTimersByTimeAsync(DEADLINE_MS);
    expect(db.ran).toEqual(["begin", "insert 1", "rollback"]);
    await expect(outcomeAfterDeadline(outcome.error)).resolves.toBe(false);
  });

  it("never runs the callback's statements when BEGIN itself waited past the deadline", async () => {
    const db = fakeDatabase();
    db.freeze();
    const outcome = watch(db.sql.begin(async (sql) => sql.unsafe("insert 1")));
    await vi.advanceTimersByTimeAsync(DEADLINE_MS);
    expect(outcome.error).toMatchObject({ code: "DEADLINE_EXCEEDED" });
    await db.thaw();
    expect(db.ran).toEqual(["begin", "rollback"]);
  });

  it("says after the thaw that a transaction whose COMMIT was already sent did commit", async () => {
    const db = fakeDatabase();
    const outcome = watch(
      db.sql.begin(async (sql) => {
        await sql.unsafe("insert 1");
        // The database freezes just as the callback returns: COMMIT is sent to a database that does not answer.
        db.freeze();
      }),
    );
    await vi.advanceTimersByTimeAsync(DEADLINE_MS);
    expect(outcome.error).toMatchObject({ code: "DEADLINE_EXCEEDED" });
    await db.thaw();
    expect(db.ran).toEqual(["begin", "insert 1", "commit"]);
    await expect(outcomeAfterDeadline(outcome.error)).resolves.toBe(true);
  });

  it("holds its savepoints' statements to the same deadline", async () => {
    const db = fakeDatabase();
    const outcome = watch(
      db.sql.begin(async (sql) =>
        sql.savepoint(async (inner) => {
          await inner.unsafe("insert 1");
          db.freeze();
          await inner.unsafe("insert 2");
        }),
      ),
    );
    await vi.advanceTimersByTimeAsync(DEADLINE_MS);
    expect(outcome.error).toMatchObject({ code: "DEADLINE_EXCEEDED" });
    await db.thaw();
    expect(db.ran).toEqual(["begin", "savepoint", "insert 1", "insert 2", "rollback"]);
  });
});

describe("the rest of the client", () => {
  it("is the client's own (drizzle sets its parsers on options; LISTEN goes straight through)", () => {
    const db = fakeDatabase();
    expect(db.sql.options).toBe(db.client.options);
    expect(db.sql.listen).toBe(db.client.listen);
  });
});
