import type postgres from "postgres";
import { DatabaseDeadlineError } from "./errors";

// The database's own timeouts (statement_timeout, lock_timeout) are enforced by the database server: one that does
// not run at all (a frozen process, a stalled host, a network that silently drops packets) enforces nothing, and
// every request waiting on it would hang until it came back. So the app keeps its own deadline on everything it
// waits for, and gives up with a DatabaseDeadlineError (answered 503 like any unreachable database).
//
// What giving up means:
// - A statement on its own: the caller stops waiting. The statement is not cancelled from here. One already sent is
//   stopped by statement_timeout (set to the same deadline) when the database is merely slow; when it is frozen, a
//   CancelRequest would reach it only on the thaw, together with the statement, and could just as well cancel the
//   next statement of that connection, somebody else's. One still waiting for a connection runs, late and harmlessly
//   (its result is dropped), once the database answers again: postgres.js 3.4's Query#cancel() on such a query can
//   leave the connection being opened for it out of the pool for good. Every change made of more than one statement
//   runs in a transaction (below), so a late single statement changes one row at most (a sign-in time, say).
// - A transaction: one deadline for all of it, waiting for a connection and BEGIN included. Once it has passed, the
//   caller is answered at once; a statement the transaction has not sent yet is never sent, and a callback that
//   finishes late throws instead of committing, so the transaction rolls back when the database answers again. Work
//   the client was told failed is never committed, with one exception that no client can avoid: a COMMIT already
//   sent when the database froze may still commit. The error's `committed` says, once the database is back.

type Sql = postgres.Sql;
type TransactionSql = postgres.TransactionSql;
type Query = postgres.PendingQuery<postgres.Row[]>;

/** The client with a deadline on every statement and transaction; everything else (listen, end, options) as it was. */
export function withDeadline(client: Sql, deadlineMs: number): Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (...args: Parameters<Sql["unsafe"]>) =>
          lazily(target.unsafe(...args), (query) => statementWithin(query, deadlineMs));
      }
      if (property === "begin") return (...args: unknown[]) => transactionWithin(target, args, deadlineMs);
      return Reflect.get(target, property, receiver);
    },
  });
}

/** A statement on its own: its own deadline, from the moment it is awaited. */
function statementWithin(query: Query, deadlineMs: number): Promise<postgres.RowList<postgres.Row[]>> {
  const deadline = new Deadline(deadlineMs);
  return deadline.race(query, () => new DatabaseDeadlineError("query", deadlineMs)).finally(() => deadline.clear());
}

function transactionWithin(client: Sql, args: unknown[], deadlineMs: number): Promise<unknown> {
  const deadline = new Deadline(deadlineMs);
  const callback = args.pop() as (sql: TransactionSql) => unknown;
  // postgres.js settles its own promise only after its ROLLBACK or COMMIT, which waits for the database: the caller
  // is answered by the race below, and this promise says later what became of the transaction.
  const transaction = (client.begin as (...args: unknown[]) => Promise<unknown>)(...args, async (sql: TransactionSql) => {
    deadline.throwIfPassed("transaction");
    const result = await callback(bound(sql, deadline));
    // Finished too late: the caller has been told it failed, so it must not commit.
    deadline.throwIfPassed("transaction");
    return result;
  });
  const committed = transaction.then(
    () => true,
    () => false,
  );
  return deadline
    .race(transaction, () => new DatabaseDeadlineError("transaction", deadlineMs, committed))
    .finally(() => deadline.clear());
}

/** A transaction's (or savepoint's) sql: its statements share the transaction's deadline and are not sent past it. */
function bound(sql: TransactionSql, deadline: Deadline): TransactionSql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (...args: Parameters<Sql["unsafe"]>) =>
          lazily(target.unsafe(...args), (query) => {
            deadline.throwIfPassed("transaction");
            return deadline.race(query, () => new DatabaseDeadlineError("transaction", deadline.ms));
          });
      }
      if (property === "savepoint") {
        return (...args: unknown[]) => {
          const callback = args.pop() as (sql: TransactionSql) => unknown;
          return (target.savepoint as (...args: unknown[]) => Promise<unknown>)(...args, (inner: TransactionSql) =>
            callback(bound(inner, deadline)),
          );
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * postgres.js queries are lazy: they are sent when first awaited, and drizzle may call `.values()` before that. This
 * keeps both, and runs `run` (which sends the query) only when the statement is awaited.
 */
function lazily(query: Query, run: (query: Query) => Promise<unknown>): Query {
  let result: Promise<unknown> | undefined;
  const statement = {
    values() {
      query.values();
      return statement;
    },
    // biome-ignore lint/suspicious/noThenProperty: this object stands for a postgres.js query, which is awaited.
    then(onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) {
      result ??= (async () => run(query))();
      return result.then(onFulfilled, onRejected);
    },
  };
  // Drizzle only calls values() and awaits; nothing else of a query is reachable through this client.
  return statement as unknown as Query;
}

class Deadline {
  passed = false;
  private readonly waiting = new Set<() => void>();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly ms: number) {
    this.timer = setTimeout(() => {
      this.passed = true;
      for (const giveUp of this.waiting) giveUp();
      this.waiting.clear();
    }, ms);
    // A query in flight must not keep a process alive that is otherwise done.
    this.timer.unref();
  }

  /** Settles as `work` does, or rejects with `error()` once the deadline has passed. */
  race<T>(work: PromiseLike<T>, error: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const giveUp = () => reject(error());
      if (this.passed) return giveUp();
      this.waiting.add(giveUp);
      work.then(
        (value) => {
          this.waiting.delete(giveUp);
          resolve(value);
        },
        // Also after the deadline: a rejection nobody waits for any more is handled here, never left unhandled.
        (reason: unknown) => {
          this.waiting.delete(giveUp);
          reject(reason);
        },
      );
    });
  }

  throwIfPassed(what: "transaction") {
    if (this.passed) throw new DatabaseDeadlineError(what, this.ms);
  }

  clear() {
    clearTimeout(this.timer);
  }
}
