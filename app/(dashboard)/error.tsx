"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";

// Shown when a dashboard page cannot be rendered, most often because the database cannot be reached. Nothing of the
// error reaches the page; the server has logged it.
export default function DashboardError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    // Try again by itself a little later: the database usually comes back on its own.
    const timer = setTimeout(reset, 10_000);
    return () => clearTimeout(timer);
  }, [reset]);
  return (
    <div role="alert" className="rounded-xl bg-white px-6 py-14 text-center shadow-sm ring-1 ring-zinc-200">
      <h1 className="text-lg font-semibold">This page could not be loaded</h1>
      <p className="mx-auto mt-1 max-w-md text-sm text-zinc-600">
        Latchkey cannot reach its database right now. Your keys are safe and nothing was changed. The page will try again in a few
        seconds.
      </p>
      <div className="mt-6">
        <Button onClick={reset}>Try again now</Button>
      </div>
    </div>
  );
}
