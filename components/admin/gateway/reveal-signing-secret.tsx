"use client";

import { OneTimeSecret } from "@/components/ui/one-time-secret";

export interface RevealedSecret {
  serviceName: string;
  secret: string;
}

/** The one-time reveal of a gateway service's signing secret (OneTimeSecret), like a key's. */
export function RevealSigningSecret({ revealed, onDone }: { revealed: RevealedSecret; onDone: () => void }) {
  return (
    <OneTimeSecret
      title="Save the signing secret"
      description={
        <>
          The upstream of <strong className="font-medium text-zinc-900">{revealed.serviceName}</strong> verifies the identity
          headers with it.
        </>
      }
      label="Signing secret"
      noun="signing secret"
      secret={revealed.secret}
      advice="put it in the upstream's configuration"
      recovery="rotate the secret"
      doneLabel="I have saved the secret"
      onDone={onDone}
      extra={() => (
        <p className="mt-3 text-sm text-zinc-600">
          The README&apos;s Gateway section has a verification snippet for Node: HMAC-SHA256 over the identity headers, the
          timestamp and the request line.
        </p>
      )}
    />
  );
}
