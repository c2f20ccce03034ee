"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DialogContent } from "@/components/ui/dialog";

export interface RevealedSecret {
  serviceName: string;
  secret: string;
}

/**
 * The one-time reveal of a service's signing secret, as the second step of the dialog that made it (like a key's).
 * The secret lives only in that dialog's state; the page never holds it again.
 */
export function RevealSigningSecret({ revealed, onDone }: { revealed: RevealedSecret; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(revealed.secret);
      setCopied(true);
      toast.success("Signing secret copied to the clipboard");
    } catch {
      toast.error("Copying failed: select the text and copy it yourself.");
    }
  }
  return (
    <DialogContent
      title="Save the signing secret"
      description={
        <>
          The upstream of <strong className="font-medium text-zinc-900">{revealed.serviceName}</strong> verifies the identity
          headers with it.
        </>
      }
      onInteractOutside={(event) => event.preventDefault()}
      onEscapeKeyDown={(event) => event.preventDefault()}
      wide
    >
      <div role="note" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
        This is the only time the secret is shown. Put it in the upstream&apos;s configuration now; if you lose it, rotate the
        secret to get a new one.
      </div>
      <label htmlFor="revealed-signing-secret" className="text-sm font-medium text-zinc-800">
        Signing secret
      </label>
      <div className="mt-1.5 flex gap-2">
        <input
          id="revealed-signing-secret"
          readOnly
          value={revealed.secret}
          onFocus={(event) => event.currentTarget.select()}
          className="h-10 min-w-0 flex-1 rounded-md bg-zinc-50 px-3 font-mono text-sm text-zinc-900 ring-1 ring-zinc-300 ring-inset"
          autoComplete="off"
          spellCheck={false}
        />
        <Button variant={copied ? "secondary" : "primary"} onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="mt-3 text-sm text-zinc-600">
        The README&apos;s Gateway section has a verification snippet for Node: HMAC-SHA256 over the identity headers, the
        timestamp and the request line.
      </p>
      <div className="mt-6 flex justify-end">
        <Button onClick={onDone}>I have saved the secret</Button>
      </div>
    </DialogContent>
  );
}
