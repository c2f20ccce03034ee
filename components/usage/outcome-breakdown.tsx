import type { OutcomeCount } from "@/db/queries/usage";
import { outcomeLabel, outcomeTone, type OutcomeTone } from "@/lib/usage/outcomes";

const TONE_BAR: Record<OutcomeTone, string> = {
  ok: "bg-emerald-500",
  failed: "bg-amber-500",
  refused: "bg-zinc-400",
};

/**
 * Every outcome of the range side by side: a proportional bar, then the outcomes under the two figures the panel's
 * tiles show, requests (let through: answered, or answered with an error) and refused calls, each group with its
 * total. Without the totals a reader compared "Valid" with "Requests" and found the page disagreeing with itself.
 */
export function OutcomeBreakdown({ outcomes }: { outcomes: OutcomeCount[] }) {
  const total = outcomes.reduce((sum, o) => sum + o.requests, 0);
  if (total === 0) return <p className="text-sm text-zinc-500">No calls in this range.</p>;
  const share = (n: number) => (n / total) * 100;
  const letThrough = outcomes.filter((o) => outcomeTone(o.outcome) !== "refused");
  const refused = outcomes.filter((o) => outcomeTone(o.outcome) === "refused");
  const groups = [
    { label: "Requests", outcomes: letThrough },
    { label: "Refused, not counted", outcomes: refused },
  ].filter((g) => g.outcomes.length > 0);
  return (
    <div className="space-y-2">
      <div className="flex h-2 overflow-hidden rounded-full bg-zinc-100" aria-hidden="true">
        {[...letThrough, ...refused].map((o) => (
          <div key={o.outcome} className={TONE_BAR[outcomeTone(o.outcome)]} style={{ width: `${share(o.requests)}%` }} />
        ))}
      </div>
      <ul aria-label="Outcomes" className="text-sm">
        {groups.flatMap((group) => [
          <li key={group.label} className="flex items-center justify-between gap-2 border-t border-zinc-200 py-1 font-medium">
            <span>{group.label}</span>
            <Count value={sumOf(group.outcomes)} share={share(sumOf(group.outcomes))} />
          </li>,
          ...group.outcomes.map((o) => (
            <li key={o.outcome} className="flex items-center justify-between gap-2 border-t border-zinc-100 py-1 pl-3">
              <span className="flex min-w-0 items-center gap-2">
                <span className={`size-2 shrink-0 rounded-full ${TONE_BAR[outcomeTone(o.outcome)]}`} aria-hidden="true" />
                <span className="truncate" title={o.outcome}>
                  {outcomeLabel(o.outcome)}
                </span>
              </span>
              <Count value={o.requests} share={share(o.requests)} />
            </li>
          )),
        ])}
      </ul>
    </div>
  );
}

function Count({ value, share }: { value: number; share: number }) {
  return (
    <span className="shrink-0 tabular-nums">
      {/* A space, not only a margin: read aloud (and as text) the count and its share stay two figures. */}
      {value.toLocaleString("en-US")} <span className=" text-xs font-normal text-zinc-500">{formatShare(share)}</span>
    </span>
  );
}

function sumOf(outcomes: OutcomeCount[]): number {
  return outcomes.reduce((sum, o) => sum + o.requests, 0);
}

function formatShare(percent: number): string {
  if (percent > 0 && percent < 0.1) return "<0.1%";
  return `${percent.toFixed(percent >= 10 ? 0 : 1)}%`;
}
