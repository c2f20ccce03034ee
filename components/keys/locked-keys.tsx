export function LockedKeys() {
  return (
    <div className="flex flex-col items-center rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-14 text-center">
      <div className="flex size-12 items-center justify-center rounded-full bg-zinc-100" aria-hidden>
        <svg aria-hidden viewBox="0 0 24 24" className="size-6 text-zinc-500" fill="none" stroke="currentColor" strokeWidth="1.6">
          <rect x="5" y="11" width="14" height="9" rx="2" />
          <path d="M8 11V8a4 4 0 0 1 8 0v3" strokeLinecap="round" />
        </svg>
      </div>
      <h1 className="mt-4 text-lg font-semibold">No API access</h1>
      <p className="mt-1 max-w-md text-sm text-zinc-600">
        Your account has no API access. Ask your administrator to choose a plan for you.
      </p>
      <p className="mt-3 max-w-md text-xs text-zinc-500">
        Contact the team that gave you this account; once they choose a plan, your keys page opens here and any keys you had work
        again.
      </p>
    </div>
  );
}
