/** The key's visible start followed by a mask: all that is ever shown of a key after its reveal. */
export function MaskedKey({ start }: { start: string }) {
  return (
    <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs whitespace-nowrap text-zinc-700">
      {start}
      <span aria-hidden>••••</span>
    </code>
  );
}
