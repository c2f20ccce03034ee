"use client";

import { Button } from "@/components/ui/button";
import { DialogContent } from "@/components/ui/dialog";
import { SecretField } from "@/components/ui/secret-field";

/**
 * The one-time reveal of an endpoint's signing secret, like a key's: the secret lives only in this dialog step's
 * state, and the page never holds it again.
 */
export function RevealWebhookSecret({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  return (
    <DialogContent
      title="Save the signing secret"
      description={
        <>
          Your receiver at <strong className="font-medium break-all text-zinc-900">{url}</strong> verifies each message with it.
        </>
      }
      onInteractOutside={(event) => event.preventDefault()}
      onEscapeKeyDown={(event) => event.preventDefault()}
      wide
    >
      <div role="note" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
        This is the only time the secret is shown. Put it in your receiver&apos;s configuration now; if you lose it, roll the
        secret to get a new one.
      </div>
      <SecretField id="revealed-webhook-secret" label="Signing secret" secret={secret} copiedMessage="Signing secret copied" />
      <p className="mt-3 text-sm text-zinc-600">
        Messages follow Standard Webhooks: verify the <code className="font-mono text-xs">webhook-signature</code> header with any
        Standard Webhooks library (the README has examples).
      </p>
      <div className="mt-6 flex justify-end">
        <Button onClick={onDone}>I have saved the secret</Button>
      </div>
    </DialogContent>
  );
}
