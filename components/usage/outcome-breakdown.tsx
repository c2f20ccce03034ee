import type { OutcomeCount } from "@/db/queries/usage";
import { outcomeLabel, outcomeTone, type OutcomeTone } from "@/lib/usage/outcomes";

const TONE_BAR: Record<OutcomeTone, string> = {
  ok: "bg-emerald-500",
  failed: "bg-amber-500",
  refused: "bg-zinc-400",
};

/** Every outcome of the range side by side: a proportional bar, then each outcome with its count and share. */
export function OutcomeBreakdown({ outcomes }: { outcomes: OutcomeCount[] }) {
  const total = outcomes.reduce((sum, o) => sum + o.requests, 0);
  if (total === 0) return <p className="text-sm text-zinc-500">No calls in this range.</p>;
  const share = (n: number) => (n / total) * 100;
  return (
    <div className="space-y-2">
      <div className="flex h-2 overflow-hidden rounded-full bg-zinc-100" aria-hidden="true">
        {outcomes.map((o) => (
          <div key={o.outcome} className={TONE_BAR[outcomeTone(o.outcome)]} style={{ width: `${share(o.requests)}%` }} />
        ))}
      </div>
      <ul aria-label="Outcomes" className="text-sm">
        {outcomes.map((o) => (
          <li key={o.outcome} className="flex items-center justify-between gap-2 border-t border-zinc-100 py-1">
            <span className="flex min-w-0 items-center gap-2">
              <span className={`size-2 shrink-0 rounded-full ${TONE_BAR[outcomeTone(o.outcome)]}`} aria-hidden="true" />
              <span className="truncate" title={o.outcome}>
                {outcomeLabel(o.outcome)}
              </span>
            </span>
            <span className="shrink-0 tabular-nums">
              {o.requests.toLocaleString("en-US")}
              <span className="ml-1 text-xs text-zinc-500">{formatShare(share(o.requests))}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function formatShare(percent: number): string {
  if (percent > 0 && percent < 0.1) return "<0.1%";
  return `${percent.toFixed(percent >= 10 ? 0 : 1)}%`;
}
