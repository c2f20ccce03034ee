export function EmptyKeys({ action }: { action: React.ReactNode }) {
  return (
    <div className="flex flex-col items-center rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-14 text-center">
      <div className="flex size-12 items-center justify-center rounded-full bg-zinc-100" aria-hidden>
        <svg aria-hidden viewBox="0 0 24 24" className="size-6 text-zinc-500" fill="none" stroke="currentColor" strokeWidth="1.6">
          <circle cx="8" cy="15" r="4" />
          <path d="m10.8 12.2 8.2-8.2M16 7l2.5 2.5M13.5 9.5 15.5 11.5" strokeLinecap="round" />
        </svg>
      </div>
      <h2 className="mt-4 text-base font-semibold">No API keys yet</h2>
      <p className="mt-1 max-w-sm text-sm text-zinc-600">
        Generate a key to start calling the API. You choose what it may do, how long it lives and how fast it may go.
      </p>
      <div className="mt-6">{action}</div>
    </div>
  );
}
