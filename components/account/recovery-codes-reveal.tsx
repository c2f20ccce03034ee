"use client";

import { Button } from "@/components/ui/button";
import { OneTimeSecret } from "@/components/ui/one-time-secret";

/** The one showing of a set of recovery codes: copy or download them, and closing before either asks first. */
export function RecoveryCodesReveal({ codes, title, onDone }: { codes: string[]; title: string; onDone: () => void }) {
  const text = codes.join("\n");
  return (
    <OneTimeSecret
      title={title}
      description="Each code signs you in once if you lose your authenticator app."
      label="Recovery codes"
      noun="recovery codes"
      secret={text}
      multiline
      advice="keep them somewhere safe, such as a password manager"
      recovery="make new ones on this page while your authenticator app still works"
      doneLabel="I have saved them"
      onDone={onDone}
      extra={(markCopied) => (
        <div className="mt-3">
          <Button
            variant="secondary"
            size="sm"
            onClick={() => {
              // A file made in the browser: the codes never go anywhere but to the person's own disk.
              const url = URL.createObjectURL(new Blob([`Latchkey recovery codes\n\n${text}\n`], { type: "text/plain" }));
              const link = document.createElement("a");
              link.href = url;
              link.download = "latchkey-recovery-codes.txt";
              link.click();
              URL.revokeObjectURL(url);
              markCopied();
            }}
          >
            Download as a file
          </Button>
        </div>
      )}
    />
  );
}
