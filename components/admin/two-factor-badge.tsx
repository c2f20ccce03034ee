/** Whether a client's people sign in with two-factor: all, some (how many) or none. */
export function TwoFactorBadge({ withTwoFactor, members }: { withTwoFactor: number; members: number }) {
  if (members === 0) return null;
  const all = withTwoFactor === members;
  const text =
    withTwoFactor === 0
      ? "No two-factor"
      : all
        ? members === 1
          ? "Two-factor on"
          : "Two-factor: all members"
        : `Two-factor: ${withTwoFactor} of ${members} members`;
  const tone = all ? "bg-emerald-50 text-emerald-700 ring-emerald-200" : "bg-zinc-100 text-zinc-700 ring-zinc-200";
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone}`}>{text}</span>;
}
