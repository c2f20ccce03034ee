import { LatchkeyError } from "./errors.js";
import type { ReportInput } from "./types.js";

// Reports of how verified calls ended, queued and sent in batches so that reporting costs a service's request path
// nothing: add() only pushes onto an array. A batch leaves every `intervalMs`, or at once when 1000 are waiting (the
// most one request may carry). A batch Latchkey could not take (network, timeout, 5xx, 429) goes back to the front
// of the queue and is retried after a growing pause; one it refused for what it is (400, or the platform key's 401
// or 403) is dropped and handed to onError, since sending it again would be refused again.

export const MAX_REPORTS_PER_REQUEST = 1000;
const MAX_LATENCY_MS = 600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReportQueueOptions {
  send(batch: ReportInput[]): Promise<void>;
  /** How long a report may wait for others to share its request. Default 1000 ms. */
  intervalMs?: number;
  /** Reports kept while Latchkey cannot be reached; past it the oldest are dropped (and passed to onError). */
  maxQueued?: number;
  /** The first pause after a failed batch; it doubles on each failure in a row, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  onError?(error: unknown): void;
}

export class ReportQueue {
  private queue: ReportInput[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDueAt = 0;
  private failuresInARow = 0;
  private pausedUntil = 0;
  private draining: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly intervalMs: number;
  private readonly maxQueued: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly options: ReportQueueOptions) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.maxQueued = options.maxQueued ?? 100_000;
    this.backoffMs = options.backoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
  }

  /** Reports waiting to be sent. */
  get size() {
    return this.queue.length;
  }

  /** Queues a report. Never throws: a report out of bounds is dropped and passed to onError. */
  add(report: ReportInput): void {
    const checked = checkReport(report);
    if (typeof checked === "string" || this.closed) {
      const reason = typeof checked === "string" ? checked : "Report queued after close(); it was not sent.";
      this.fail(new LatchkeyError("bad_request", reason));
      return;
    }
    this.queue.push(checked);
    if (this.queue.length > this.maxQueued) {
      const dropped = this.queue.splice(0, this.queue.length - this.maxQueued);
      this.fail(new LatchkeyError("unavailable", `${dropped.length} report(s) dropped: more than ${this.maxQueued} waiting.`));
    }
    this.schedule(this.queue.length >= MAX_REPORTS_PER_REQUEST ? 0 : this.intervalMs);
  }

  /** Sends everything queued now, ignoring any pause after failures. Resolves when done; never rejects. */
  flush(): Promise<void> {
    this.draining = this.draining.then(() => this.drain());
    return this.draining;
  }

  /** Stops the timer and sends what is queued; reports added afterwards are refused. For a graceful shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    await this.flush();
  }

  private async drain(): Promise<void> {
    this.clearTimer();
    while (this.queue.length > 0) {
      const batch = distinctEvents(this.queue.splice(0, MAX_REPORTS_PER_REQUEST));
      try {
        await this.options.send(batch);
        this.failuresInARow = 0;
        this.pausedUntil = 0;
      } catch (error) {
        if (!retryable(error)) {
          this.fail(error);
          // Latchkey refuses a whole batch for one bad report, naming it (reports.3.status): send the others again.
          const refused = refusedIndices(error);
          const others = batch.filter((_, index) => !refused.has(index));
          if (others.length > 0 && others.length < batch.length) this.queue.unshift(...others);
          continue;
        }
        // Back to the front, in order, and nothing more is tried until the pause is over.
        this.queue.unshift(...batch);
        this.failuresInARow++;
        const pause = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (this.failuresInARow - 1));
        const asked = error instanceof LatchkeyError && error.retryAfter ? error.retryAfter * 1000 : 0;
        this.pausedUntil = Date.now() + Math.max(pause, asked);
        this.fail(error);
        break;
      }
    }
    if (this.queue.length > 0 && !this.closed) this.schedule(this.intervalMs);
  }

  private schedule(delayMs: number) {
    if (this.closed) return;
    const dueAt = Math.max(Date.now() + delayMs, this.pausedUntil);
    if (this.timer !== undefined && this.timerDueAt <= dueAt) return;
    this.clearTimer();
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, dueAt - Date.now());
    // A pending report must not keep a process alive that has nothing else to do; close() sends it on the way out.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private clearTimer() {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fail(error: unknown) {
    try {
      this.options.onError?.(error);
    } catch {
      // A throwing error handler must not break the queue (or the request that queued the report).
    }
  }
}

/** The first report of each event: Latchkey refuses a batch naming one event twice, and keeps only the first anyway. */
function distinctEvents(batch: ReportInput[]) {
  const seen = new Set<string>();
  return batch.filter(({ eventId }) => {
    const id = eventId.toLowerCase();
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function refusedIndices(error: unknown): Set<number> {
  const fields = error instanceof LatchkeyError ? (error.details.fields ?? []) : [];
  return new Set(
    fields
      .map((field) => /^reports\.(\d+)\./.exec(field.path)?.[1])
      .filter(Boolean)
      .map(Number),
  );
}

function retryable(error: unknown) {
  return !(error instanceof LatchkeyError) || error.kind === "unavailable" || error.kind === "rate_limited";
}

/** The report as Latchkey accepts it (latency rounded, capped at 10 minutes), or why it cannot be sent. */
function checkReport(report: ReportInput): ReportInput | string {
  const { eventId, status, latencyMs } = report;
  if (typeof eventId !== "string" || !UUID.test(eventId)) return `Report refused: eventId ${String(eventId)} is not a UUID.`;
  if (!Number.isInteger(status) || status < 100 || status > 599) return `Report refused: status ${status} is not 100 to 599.`;
  if (typeof latencyMs !== "number" || !Number.isFinite(latencyMs) || latencyMs < 0) {
    return `Report refused: latencyMs ${latencyMs} is not a duration.`;
  }
  return { eventId, status, latencyMs: Math.min(MAX_LATENCY_MS, Math.round(latencyMs)) };
}
