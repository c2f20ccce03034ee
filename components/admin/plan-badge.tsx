const TONE = {
  none: "bg-zinc-100 text-zinc-600",
  basic: "bg-sky-50 text-sky-800",
  advanced: "bg-violet-50 text-violet-800",
} as const;

export function PlanBadge({ plan }: { plan: keyof typeof TONE }) {
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium capitalize ${TONE[plan]}`}>{plan}</span>;
}

export function AccountStatusBadge({ status }: { status: "active" | "suspended" }) {
  return (
    <span
      className={`rounded-full px-2 py-0.5 text-xs font-medium ${status === "active" ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-700"}`}
    >
      {status === "active" ? "Active" : "Suspended"}
    </span>
  );
}
