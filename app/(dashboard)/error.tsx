"use client";

import { RetryingError } from "@/components/layout/retrying-error";

// A dashboard page that failed, inside the dashboard's own layout (its header stays).
export default function DashboardError({ retry }: { error: unknown; retry: () => void }) {
  return <RetryingError retry={retry} />;
}
