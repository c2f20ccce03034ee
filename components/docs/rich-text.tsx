/** Text from the OpenAPI document, where `backticks` mark code (a small subset of its Markdown). */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string never move, so their index is stable.
          <code key={i} className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.8em] text-zinc-800">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}
