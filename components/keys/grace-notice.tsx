import type { SecretGrace } from "@/db/queries/keys";
import { When } from "@/components/ui/when";

/** While a rolled-out secret still works, say so: its owner should know both secrets are live. */
export function GraceNotice({ secrets, endNow }: { secrets: SecretGrace[]; endNow?: React.ReactNode }) {
  if (secrets.length === 0) return null;
  return (
    <div
      role="status"
      className="flex flex-col gap-3 rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset sm:flex-row sm:items-center sm:justify-between"
    >
      <div>
        <p className="font-medium">A previous secret is still in its grace period</p>
        <ul className="mt-1 space-y-0.5">
          {secrets.map((secret) => (
            <li key={secret.start + secret.expiresAt.toISOString()}>
              <code className="font-mono text-xs">{secret.start}••••</code> keeps working until{" "}
              <When date={secret.expiresAt} show="datetime" /> (
              <When date={secret.expiresAt} show="relative" />
              ).
            </li>
          ))}
        </ul>
      </div>
      {endNow}
    </div>
  );
}
