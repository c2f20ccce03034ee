import type { WebhookEndpoint } from "@/db/schema";

/** Enabled, disabled by someone, or disabled by Latchkey because every delivery failed for a day. */
export function EndpointStatus({ endpoint }: { endpoint: Pick<WebhookEndpoint, "enabled" | "disabledReason"> }) {
  if (endpoint.enabled) {
    return (
      <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs text-emerald-700 ring-1 ring-emerald-200 ring-inset">
        Enabled
      </span>
    );
  }
  if (endpoint.disabledReason === "failing") {
    return (
      <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs text-red-700 ring-1 ring-red-200 ring-inset">
        Disabled: failing
      </span>
    );
  }
  return <span className="rounded-full bg-zinc-200 px-2 py-0.5 text-xs text-zinc-700">Disabled</span>;
}

const DELIVERY_TONES = {
  succeeded: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  pending: "bg-amber-50 text-amber-800 ring-amber-200",
  failed: "bg-red-50 text-red-700 ring-red-200",
} as const;

export function DeliveryStatus({ status }: { status: keyof typeof DELIVERY_TONES }) {
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs capitalize ring-1 ring-inset ${DELIVERY_TONES[status]}`}>{status}</span>
  );
}
