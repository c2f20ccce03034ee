/** The mark and the name; `compact` hides the name on narrow screens, where the header has little room. */
export function Logo({ className = "", compact = false }: { className?: string; compact?: boolean }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight text-zinc-900 ${className}`}>
      <svg viewBox="0 0 24 24" className="size-6" aria-hidden>
        <rect width="24" height="24" rx="6" className="fill-zinc-900" />
        <path
          d="M9.5 6.5a3.5 3.5 0 1 1 1.8 3.06L10 10.9V12H8.6v1.4H7.2v1.4H5.5v-2.3l4.2-4.2a3.5 3.5 0 0 1-.2-1.8Z"
          className="fill-white"
          transform="translate(3 2)"
        />
      </svg>
      <span className={compact ? "hidden sm:inline" : undefined}>Latchkey</span>
    </span>
  );
}
