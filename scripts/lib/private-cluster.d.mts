// Types for private-cluster.mjs, which stays plain JavaScript so that the benchmarks can use it with node alone.
export interface PrivateCluster {
  readonly port: number;
  readonly dataDir: string;
  readonly logFile: string;
  /** Whether freeze() was called without a thaw() since. */
  readonly frozen: boolean;
  /** A postgres:// URL for a database of this cluster (default: `postgres`). */
  url(database?: string): string;
  /** Stops every process of the cluster (SIGSTOP): connections stay open, nothing answers, new connections hang. */
  freeze(): void;
  /** Lets every process run again (SIGCONT). */
  thaw(): void;
  /** Stops the server as an operator's restart does (pg_ctl stop -m fast). */
  stop(): Promise<void>;
  /** Starts it again after stop(), same port and settings. */
  start(): Promise<void>;
  /** Thaws if needed, stops the server and deletes its folder. Safe to call twice. */
  remove(): Promise<void>;
  /** Synchronous last resort: kills every process of the cluster and deletes its folder. */
  killNow(): void;
}

/**
 * Creates and starts a throw-away cluster on 127.0.0.1:`port` (trust authentication, user postgres), with extra
 * server settings if given. Always call `remove()` when done, also on failure.
 */
export function startPrivateCluster(options: { port: number; settings?: Record<string, string> }): Promise<PrivateCluster>;
