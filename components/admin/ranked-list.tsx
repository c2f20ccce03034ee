export interface RankedRow {
  id: string;
  label: React.ReactNode;
  value: number;
}

/** A short ranking (top clients, top keys) with a bar that shows each row's share of the first. */
export function RankedList({ rows, empty }: { rows: RankedRow[]; empty: string }) {
  if (rows.length === 0) return <p className="text-sm text-zinc-500">{empty}</p>;
  const top = Math.max(...rows.map((row) => row.value), 1);
  return (
    <ol className="space-y-2">
      {rows.map((row) => (
        <li key={row.id} className="text-sm">
          <div className="flex items-baseline justify-between gap-3">
            <span className="min-w-0 truncate">{row.label}</span>
            <span className="shrink-0 tabular-nums text-zinc-700">{row.value.toLocaleString("en-US")}</span>
          </div>
          <div className="mt-1 h-1.5 rounded-full bg-zinc-100" aria-hidden>
            <div className="h-1.5 rounded-full bg-brand-500" style={{ width: `${(row.value / top) * 100}%` }} />
          </div>
        </li>
      ))}
    </ol>
  );
}
