"use client";

import { useEffect, useState } from "react";
import { DialogContent } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { copyToClipboard, SecretField } from "@/components/ui/secret-field";

export interface RevealedKey {
  keyName: string;
  secret: string;
}

/**
 * The one-time reveal, as the second step of the dialog that made the secret (never a second modal on top of it).
 * The secret lives only in that dialog's state: closing it drops the secret, and nothing else on the page (server
 * payload, URL, storage) ever holds it.
 */
export function RevealKeyContent({ revealed, onDone }: { revealed: RevealedKey; onDone: () => void }) {
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);

  const curl = `curl -H "Authorization: Bearer ${revealed.secret}" ${origin}/api/v1/me`;

  return (
    <DialogContent
      title="Save your new key"
      description={
        <>
          Here is the secret for <strong className="font-medium text-zinc-900">{revealed.keyName}</strong>.
        </>
      }
      // A stray click or key press must not throw the secret away: only the buttons close this step.
      onInteractOutside={(event) => event.preventDefault()}
      onEscapeKeyDown={(event) => event.preventDefault()}
      wide
    >
      <div role="note" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
        This is the only time the key is shown. Copy it now and keep it somewhere safe, such as a secrets manager. If you lose it,
        roll the key to get a new one.
      </div>
      <SecretField id="revealed-secret" label="API key" secret={revealed.secret} copiedMessage="Key copied to the clipboard" />
      <div className="mt-4">
        <div className="flex items-center justify-between">
          <p className="text-sm font-medium text-zinc-800">Try it</p>
          <button
            type="button"
            onClick={() => copyToClipboard(curl, "Command copied to the clipboard")}
            className="text-xs font-medium text-brand-600 hover:underline"
          >
            Copy command
          </button>
        </div>
        <pre className="mt-1.5 rounded-md bg-zinc-900 p-3 text-xs leading-relaxed break-all whitespace-pre-wrap text-zinc-100">
          <code>{curl}</code>
        </pre>
      </div>
      <div className="mt-6 flex justify-end">
        <Button onClick={onDone}>I have saved my key</Button>
      </div>
    </DialogContent>
  );
}
