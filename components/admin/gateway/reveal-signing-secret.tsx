"use client";

import { Button } from "@/components/ui/button";
import { DialogContent } from "@/components/ui/dialog";
import { SecretField } from "@/components/ui/secret-field";

export interface RevealedSecret {
  serviceName: string;
  secret: string;
}

/**
 * The one-time reveal of a service's signing secret, as the second step of the dialog that made it (like a key's).
 * The secret lives only in that dialog's state; the page never holds it again.
 */
export function RevealSigningSecret({ revealed, onDone }: { revealed: RevealedSecret; onDone: () => void }) {
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
      <SecretField
        id="revealed-signing-secret"
        label="Signing secret"
        secret={revealed.secret}
        copiedMessage="Signing secret copied to the clipboard"
      />
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
