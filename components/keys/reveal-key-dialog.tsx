"use client";

import { useEffect, useState } from "react";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { copyToClipboard } from "@/components/ui/clipboard";

export interface RevealedKey {
  keyName: string;
  secret: string;
}

/**
 * A new key's one-time reveal (OneTimeSecret), with a command to try it. The secret lives only in the dialog's
 * state: closing it drops the secret, and nothing else on the page (server payload, URL, storage) ever holds it.
 */
export function RevealKeyContent({ revealed, onDone }: { revealed: RevealedKey; onDone: () => void }) {
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);

  const curl = `curl -H "Authorization: Bearer ${revealed.secret}" ${origin}/api/v1/me`;

  return (
    <OneTimeSecret
      title="Save your new key"
      description={
        <>
          Here is the secret for <strong className="font-medium text-zinc-900">{revealed.keyName}</strong>.
        </>
      }
      label="API key"
      noun="key"
      secret={revealed.secret}
      advice="keep it somewhere safe, such as a secrets manager"
      recovery="roll the key"
      doneLabel="I have saved my key"
      onDone={onDone}
      extra={(markCopied) => (
        <div className="mt-4">
          <div className="flex items-center justify-between">
            <p className="text-sm font-medium text-zinc-800">Try it</p>
            <button
              type="button"
              onClick={async () => {
                // The command holds the key: copying it copies the key too.
                if (await copyToClipboard(curl, "Command copied to the clipboard")) markCopied();
              }}
              className="text-xs font-medium text-brand-600 hover:underline"
            >
              Copy command
            </button>
          </div>
          <pre className="mt-1.5 rounded-md bg-zinc-900 p-3 text-xs leading-relaxed break-all whitespace-pre-wrap text-zinc-100">
            <code>{curl}</code>
          </pre>
        </div>
      )}
    />
  );
}
