import type * as Crypto from "node:crypto";

type ScryptCallback = (error: Error | null, key: Buffer) => void;

interface ScryptProbe {
  /** Derivations asked for and not yet answered: what holds memory and a libuv thread. */
  inFlight: number;
  /** The most ever in flight at once since the last reset. */
  peak: number;
  /** The passwords, in the order their derivations were asked for. */
  order: string[];
  /**
   * run: derive for real. hold: keep new derivations in flight, unanswered, until releaseOldest() or failHeld().
   * fail: answer new derivations with an error at once, without deriving (to end a test without the cost).
   */
  mode: "run" | "hold" | "fail";
  held: Array<{ run: () => void; fail: (error: Error) => void }>;
}

// On globalThis so that a test which reloads its modules (vi.resetModules) still reads the probe the mock feeds.
const holder = globalThis as unknown as { __scryptProbe?: ScryptProbe };
export const scryptProbe: ScryptProbe = (holder.__scryptProbe ??= { inFlight: 0, peak: 0, order: [], mode: "run", held: [] });

export function resetScryptProbe() {
  Object.assign(scryptProbe, { inFlight: 0, peak: 0, order: [], mode: "run", held: [] });
}

const ABANDONED = () => new Error("derivation abandoned by the test");

/** Lets the oldest held derivation run for real. */
export function releaseOldest() {
  scryptProbe.held.shift()?.run();
}

/** Answers the oldest held derivation with an error, freeing its place without the cost of deriving. */
export function failOldest() {
  scryptProbe.held.shift()?.fail(ABANDONED());
}

/** Answers every held derivation, and every one asked for from now on, with an error (mode "fail"). */
export function failHeld() {
  scryptProbe.mode = "fail";
  for (const { fail } of scryptProbe.held.splice(0)) fail(ABANDONED());
}

/**
 * node:crypto with scrypt counted on its way in and out, for `vi.mock("node:crypto", ...)`. It observes the
 * derivations themselves, not the queue's bookkeeping, so a path that skipped the queue would show up here.
 */
export function probedCrypto(crypto: typeof Crypto): typeof Crypto {
  function scrypt(password: Crypto.BinaryLike, salt: Crypto.BinaryLike, keylen: number, ...rest: unknown[]) {
    const callback = rest.pop() as ScryptCallback;
    const options = (rest[0] ?? {}) as Crypto.ScryptOptions;
    scryptProbe.inFlight++;
    scryptProbe.peak = Math.max(scryptProbe.peak, scryptProbe.inFlight);
    scryptProbe.order.push(String(password));
    const answer: ScryptCallback = (error, key) => {
      scryptProbe.inFlight--;
      callback(error, key);
    };
    const run = () => crypto.scrypt(password, salt, keylen, options, answer);
    const fail = (error: Error) => answer(error, Buffer.alloc(0));
    if (scryptProbe.mode === "hold") scryptProbe.held.push({ run, fail });
    // Answered on a later turn, as the real scrypt would be.
    else if (scryptProbe.mode === "fail") setImmediate(() => fail(ABANDONED()));
    else run();
  }
  return { ...crypto, scrypt } as typeof Crypto;
}
