import type { MailRow } from "@/db/schema";
import { When } from "@/components/ui/when";

const STATUS: Record<MailRow["status"], { label: string; tone: string }> = {
  queued: { label: "Waiting", tone: "bg-sky-100 text-sky-800" },
  sent: { label: "Sent", tone: "bg-emerald-100 text-emerald-800" },
  logged: { label: "Logged (no SMTP)", tone: "bg-zinc-200 text-zinc-700" },
  failed: { label: "Failed", tone: "bg-red-100 text-red-800" },
};

/** The outbox, newest first: each mail's addressee, subject, state and, behind a disclosure, its text. */
export function MailOutbox({ mails }: { mails: MailRow[] }) {
  if (mails.length === 0) return <p className="text-sm text-zinc-600">No mail yet.</p>;
  return (
    <ul aria-label="Mail" className="-my-2 divide-y divide-zinc-100">
      {mails.map((mail) => {
        const status = STATUS[mail.status];
        return (
          <li key={mail.id} className="py-3">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <p className="min-w-0 flex-1 text-sm font-medium break-words text-zinc-900">{mail.subject}</p>
              <span className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ${status.tone}`}>{status.label}</span>
            </div>
            <p className="mt-0.5 text-xs break-all text-zinc-500">
              To {mail.toAddress} · <When date={mail.createdAt} show="datetime" />
              {mail.attempts > 1 && <> · {mail.attempts} attempts</>}
              {mail.status === "queued" && mail.attempts > 0 && (
                <>
                  {" "}
                  · next <When date={mail.nextAttemptAt} show="datetime" />
                </>
              )}
            </p>
            {mail.lastError && <p className="mt-1 text-xs break-words text-red-700">Last error: {mail.lastError}</p>}
            <details className="mt-1.5">
              <summary className="cursor-pointer text-xs text-zinc-600 hover:text-zinc-900">Text</summary>
              <pre className="mt-1.5 overflow-x-auto rounded-md bg-zinc-50 p-3 text-xs whitespace-pre-wrap text-zinc-800 ring-1 ring-zinc-200 ring-inset">
                {mail.textBody}
              </pre>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
