import type { KeyFlags } from "@/lib/usage/key-flags";

const badge = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

/** Small badges for a key's flags: expiring soon, unused, broader scopes than it uses. */
export function KeyFlagBadges({ flags }: { flags: KeyFlags }) {
  if (!flags.expiringSoon && !flags.unused && !flags.broadScopes) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {flags.expiringSoon && <span className={`${badge} bg-amber-50 text-amber-800 ring-amber-200`}>Expires within 7 days</span>}
      {flags.unused && <span className={`${badge} bg-zinc-100 text-zinc-700 ring-zinc-200`}>Unused for 30 days</span>}
      {flags.broadScopes && <span className={`${badge} bg-sky-50 text-sky-800 ring-sky-200`}>Broader scopes than used</span>}
    </span>
  );
}
