"use client";

import { OneTimeSecret } from "@/components/ui/one-time-secret";

/** The one-time reveal of an endpoint's signing secret (OneTimeSecret), like a key's. */
export function RevealWebhookSecret({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  return (
    <OneTimeSecret
      title="Save the signing secret"
      description={
        <>
          Your receiver at <strong className="font-medium break-all text-zinc-900">{url}</strong> verifies each message with it.
        </>
      }
      label="Signing secret"
      noun="signing secret"
      secret={secret}
      advice="put it in your receiver's configuration"
      recovery="roll the secret"
      doneLabel="I have saved the secret"
      onDone={onDone}
      extra={() => (
        <p className="mt-3 text-sm text-zinc-600">
          Messages follow Standard Webhooks: verify the <code className="font-mono text-xs">webhook-signature</code> header with
          any Standard Webhooks library (the README has examples).
        </p>
      )}
    />
  );
}
