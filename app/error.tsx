"use client";

import { RetryingError } from "@/components/layout/retrying-error";

// A layout that failed: the dashboard's reads the signed-in user on every page, so a database that cannot be reached
// fails there first, above the dashboard's own error page (app/(dashboard)/error.tsx).
export default function RootError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <main className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
      <RetryingError retry={retry} />
    </main>
  );
}
