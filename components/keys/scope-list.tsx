export function ScopeList({ scopes, max }: { scopes: string[]; max?: number }) {
  const shown = max ? scopes.slice(0, max) : scopes;
  const hidden = scopes.length - shown.length;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Scopes">
      {shown.map((scope) => (
        <li key={scope} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700">
          {scope}
        </li>
      ))}
      {hidden > 0 && (
        <li className="px-1 py-0.5 text-xs text-zinc-500" title={scopes.slice(shown.length).join(", ")}>
          +{hidden} more
        </li>
      )}
    </ul>
  );
}
