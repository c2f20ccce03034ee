"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";

// How long the page waits before trying again by itself: the database usually comes back on its own.
const RETRY_AFTER_MS = 10_000;

/**
 * Shown when a page cannot be rendered, most often because the database cannot be reached. Nothing of the error
 * reaches the page; the server has logged it. `retry` is Next.js's: it fetches the page from the server again
 * (`reset` alone would only re-render what already failed, and could never recover).
 */
export function RetryingError({ retry }: { retry: () => void }) {
  useEffect(() => {
    const timer = setTimeout(retry, RETRY_AFTER_MS);
    return () => clearTimeout(timer);
  }, [retry]);
  return (
    <div role="alert" className="rounded-xl bg-white px-6 py-14 text-center shadow-sm ring-1 ring-zinc-200">
      <h1 className="text-lg font-semibold">This page could not be loaded</h1>
      <p className="mx-auto mt-1 max-w-md text-sm text-zinc-600">
        Latchkey cannot reach its database right now. Your keys are safe and nothing was changed. The page will try again in a few
        seconds.
      </p>
      <div className="mt-6">
        <Button onClick={retry}>Try again now</Button>
      </div>
    </div>
  );
}
