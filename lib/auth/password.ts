import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { env } from "@/lib/infra/env";
import { createPasswordQueue, type PasswordQueue } from "./password-queue";

export { PasswordHashBusy } from "./password-queue";

// scrypt with OWASP's suggested minimum cost (N=2^17, r=8, p=1). The parameters are stored with each hash
// so that they can be raised later without invalidating existing passwords.
const PARAMS = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;
const MAX_MEMORY = 256 * 1024 * 1024;

// Each derivation holds 128 MiB (128·N·r bytes) and one thread of libuv's pool (4 threads, shared with file, DNS and
// other crypto work) for its whole run. So at most PASSWORD_HASH_CONCURRENCY run at once and the rest wait in order:
// one that finds MAX_WAITING already waiting is refused at once, one that has waited MAX_WAIT_MS without starting is
// refused then (PasswordHashBusy). A flood of sign-ups or sign-ins gets refusals instead of piling up memory and delay.
const MAX_WAITING = 100;
const MAX_WAIT_MS = 10_000;

// One queue per process, whichever module graph asks first (as for the logger): two copies would double the bound.
const holder = globalThis as unknown as { __latchkeyPasswordQueue?: PasswordQueue };

function derivations(): PasswordQueue {
  holder.__latchkeyPasswordQueue ??= createPasswordQueue({
    concurrency: env().PASSWORD_HASH_CONCURRENCY,
    maxWaiting: MAX_WAITING,
    maxWaitMs: MAX_WAIT_MS,
  });
  return holder.__latchkeyPasswordQueue;
}

/** Rejects with PasswordHashBusy when the derivation cannot start within the bounds above. */
function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return derivations().run(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
          error ? reject(error) : resolve(key),
        ),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, n, r, p, saltText, keyText] = stored.split("$");
  if (algorithm !== "scrypt" || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, "base64");
  const actual = await derive(password, Buffer.from(saltText, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// A hash of a password nobody has, checked when an email is unknown, so that sign-in takes as long for an
// unknown account as for a wrong password and does not reveal which emails exist. Made once; a failed attempt (the
// queue was busy) is forgotten, so the next sign-in tries again.
let decoy: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString("hex")).catch((error: unknown) => {
    decoy = undefined;
    throw error;
  });
  return decoy;
}
