import { Card } from "@/components/ui/card";
import { ConfirmKeyAction } from "@/components/keys/confirm-key-action";
import type { FieldsAction } from "@/components/keys/key-actions";
import type { KeyFlags } from "@/lib/usage/key-flags";
import { When } from "@/components/ui/when";

/** What deserves attention about this key, with the fix at hand where there is one. */
export function KeyFlagsCard({
  keyId,
  flags,
  expiresAt,
  narrow,
  fields,
}: {
  keyId: string;
  /** Sent with the key id: the account the page shows. */
  fields?: Record<string, string>;
  flags: KeyFlags;
  expiresAt: Date | null;
  /** Narrows the key to the scopes its calls needed. */
  narrow: FieldsAction;
}) {
  if (!flags.expiringSoon && !flags.unused && !flags.broadScopes) return null;
  return (
    <Card title="Needs attention">
      <ul className="space-y-3 text-sm">
        {flags.expiringSoon && (
          <li>
            <strong className="font-medium">
              Expires on <When date={expiresAt} />.
            </strong>{" "}
            Roll it or extend its expiry in the settings below before your services lose access.
          </li>
        )}
        {flags.unused && (
          <li>
            <strong className="font-medium">Not used for 30 days.</strong> If nothing needs it any more, revoke it: an idle key is
            only a risk.
          </li>
        )}
        {flags.broadScopes && (
          <li className="flex flex-wrap items-start justify-between gap-3">
            <span>
              <strong className="font-medium">Broader than its use.</strong> None of its calls in the last 30 days needed{" "}
              {flags.broadScopes.unneeded.map((s, i) => (
                <span key={s}>
                  {i > 0 && ", "}
                  <code className="rounded bg-zinc-100 px-1 text-xs">{s}</code>
                </span>
              ))}
              .
            </span>
            {flags.broadScopes.used.length > 0 && (
              <ConfirmKeyAction
                keyId={keyId}
                extra={fields}
                action={narrow}
                trigger="Narrow to used scopes"
                title="Narrow this key's scopes?"
                description={`The key keeps only ${flags.broadScopes.used.join(", ")}. Calls needing any other scope will be refused.`}
                confirm="Narrow scopes"
                done="Scopes narrowed"
                tone="primary"
              />
            )}
          </li>
        )}
      </ul>
    </Card>
  );
}
