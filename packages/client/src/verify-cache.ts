import type { VerifyInput, VerifyResult } from "./types.js";

// The opt-in cache of valid verifications. Off by default: every verification is counted and rate-limited by
// Latchkey, and a cached answer is neither, so with it on a key's request count and its limit are approximate (a key
// limited to 10 a minute may be served more calls than that between two of its verifications). Latchkey already
// caches keys itself and drops a revoked one on every instance within milliseconds.
//
// Revocation still takes effect within 1 s, because the lifetime is capped at 1000 ms and is counted from when the
// verification was *sent*: an answer Latchkey gave before a revoke was decided before it, so it is never used later
// than 1 s after the revoke, and every answer after that comes from Latchkey, which refuses the key.

export const MAX_CACHE_TTL_MS = 1000;

export interface VerifyCacheOptions {
  /** How long a valid answer is reused, 1 to 1000 ms. */
  ttlMs: number;
  /** Answers kept at most; the oldest go first. Default 10,000. */
  maxEntries?: number;
}

export class VerifyCache {
  private readonly entries = new Map<string, { result: VerifyResult; expiresAt: number }>();
  readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    options: VerifyCacheOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isFinite(options.ttlMs) || options.ttlMs < 1 || options.ttlMs > MAX_CACHE_TTL_MS) {
      throw new RangeError(
        `cache.ttlMs must be 1 to ${MAX_CACHE_TTL_MS} ms (got ${options.ttlMs}): a longer cache would let a revoked key through.`,
      );
    }
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** A valid answer for the same key, scopes and address, given less than ttlMs ago; the eventId is not reused. */
  get(input: VerifyInput): VerifyResult | undefined {
    const id = cacheKey(input);
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (this.now() >= entry.expiresAt) {
      this.entries.delete(id);
      return undefined;
    }
    // The event belongs to the call that was verified; a report against it from this call would overwrite its outcome.
    return { ...entry.result, eventId: null };
  }

  /** Keeps a valid answer until `sentAt + ttlMs`, sentAt being when its request left. */
  set(input: VerifyInput, result: VerifyResult, sentAt: number): void {
    if (!result.valid) return;
    const expiresAt = sentAt + this.ttlMs;
    if (expiresAt <= this.now()) return;
    const id = cacheKey(input);
    this.entries.delete(id);
    this.entries.set(id, { result, expiresAt });
    // A Map iterates in insertion order: the first entries are the oldest.
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size() {
    return this.entries.size;
  }
}

// Method, path and tags are left out: they change what is recorded, not the answer.
function cacheKey({ key, scopes = [], ip = "" }: VerifyInput) {
  return JSON.stringify([key, [...scopes].sort(), ip]);
}
