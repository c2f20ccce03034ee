import { STATUS_LABELS, type KeyStatus } from "@/lib/keys/status";

const tones: Record<KeyStatus, string> = {
  active: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  expiring: "bg-amber-50 text-amber-800 ring-amber-600/20",
  expired: "bg-zinc-100 text-zinc-600 ring-zinc-500/20",
  disabled: "bg-zinc-100 text-zinc-700 ring-zinc-500/30",
  revoked: "bg-red-50 text-red-700 ring-red-600/20",
};

export function StatusBadge({ status }: { status: KeyStatus }) {
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[status]}`}
    >
      <span className="size-1.5 rounded-full bg-current" aria-hidden />
      {STATUS_LABELS[status]}
    </span>
  );
}

export function EnvironmentBadge({ environment }: { environment: "live" | "test" }) {
  return environment === "live" ? (
    <span className="rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-700">live</span>
  ) : (
    <span className="rounded bg-orange-50 px-1.5 py-0.5 text-xs font-medium text-orange-700">test</span>
  );
}
