"use client";

import { useCallback, useRef, useTransition } from "react";

/**
 * What keeps a form that issues a secret from doing it twice. In the browser: a submission while one is running is
 * dropped (the button is disabled too late for three clicks in the same instant). On the server: each submission
 * carries the form's token, made at its first submission and kept until `renew` (once the secret was shown), which
 * the command claims once (lib/submissions.ts), so a repeat that got through anyway is refused.
 */
export function useOnce() {
  const token = useRef<string | null>(null);
  const running = useRef(false);

  /** The form's token, for a form whose submissions queue (useActionState) rather than overlap. */
  const tokenNow = useCallback(() => {
    token.current ??= newToken();
    return token.current;
  }, []);

  /** Runs `submit` with the form's token unless a submission is running already. */
  const submitOnce = useCallback(
    async (submit: (token: string) => Promise<unknown>) => {
      if (running.current) return;
      running.current = true;
      try {
        await submit(tokenNow());
      } finally {
        running.current = false;
      }
    },
    [tokenNow],
  );

  /** The next submission is a new one (the secret of this one was shown). */
  const renew = useCallback(() => {
    token.current = null;
  }, []);

  return { submitOnce, tokenNow, renew };
}

/**
 * useOnce for a dialog whose submission runs in a transition: `run` gives `work` the form's token, drops a second
 * submission while one runs, and keeps `pending` true until `work` is done.
 */
export function useOnceTransition() {
  const [pending, startTransition] = useTransition();
  const { submitOnce, renew } = useOnce();
  const run = (work: (token: string) => Promise<void>) =>
    void submitOnce(
      (token) =>
        new Promise<void>((done) =>
          startTransition(async () => {
            try {
              await work(token);
            } finally {
              done();
            }
          }),
        ),
    );
  return { pending, run, renew };
}

/** A random UUID v4; crypto.randomUUID exists only on https or localhost, getRandomValues everywhere. */
function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
