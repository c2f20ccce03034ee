// Types for instances.mjs, which stays plain JavaScript so that the benchmarks run with node alone.
export const adminDatabaseUrl: string;
export const redisUrl: string;

export interface TestDatabase {
  url: string;
  /** Refuses new connections to this database and ends the open ones: to servers, the database is down. */
  takeOffline(): Promise<void>;
  /** Accepts connections again. */
  bringBack(): Promise<void>;
  drop(): Promise<void>;
}
export function createDatabase(prefix: string): Promise<TestDatabase>;

export function issueKey(
  env: Record<string, string>,
  options: { email: string; scopes: string; rateLimit?: string; name?: string },
): Promise<string>;

export interface Instance {
  url: string;
  pid: number;
  output(): string;
  /** null while it runs, then its exit code or the signal that ended it. */
  exitCode(): number | string | null;
  exited(): Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}
export function startInstance(options: { port: number; env: Record<string, string> }): Promise<Instance>;
export function spawnInstance(options: { port: number; env: Record<string, string> }): Promise<Instance>;

export function baseEnv(databaseUrl: string, extra?: Record<string, string>): Record<string, string>;

/** Polls `check` every 100 ms until it answers true (then true) or the time is up (then false). */
export function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean>;
