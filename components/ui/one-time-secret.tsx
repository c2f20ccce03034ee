"use client";

import { useRef, useState } from "react";
import { Button } from "./button";
import { DialogContent } from "./dialog";
import { copyToClipboard } from "./clipboard";
import { useLeaveGuard } from "./use-leave-guard";

interface OneTimeSecretProps {
  title: string;
  description: React.ReactNode;
  /** What the secret is, for its field's label: "API key", "Signing secret". */
  label: string;
  /** The same within a sentence: "key", "signing secret". */
  noun: string;
  secret: string;
  /** Where the secret goes, in the warning: "keep it somewhere safe, such as a secrets manager". */
  advice: string;
  /** What to do once it is lost, in the warning and the question before closing: "roll the key". */
  recovery: string;
  doneLabel: string;
  /** Called once the user is done (or chose to close without copying), after the page is back on its own entry; not
   * when they leave the page. */
  onDone: () => void;
  /** More below the secret (a command to try it); `markCopied` for anything there that copies the secret too. */
  extra?: (markCopied: () => void) => React.ReactNode;
  /** Several secrets, one a line (recovery codes): shown in a read-only text area, and spoken of in the plural. */
  multiline?: boolean;
}

/**
 * The one-time reveal of a secret, as the second step of the dialog that made it. Losing it by accident takes
 * effort: focus starts on Copy (Enter copies rather than closes), closing before the secret was copied asks first,
 * and leaving the page while it is shown warns (useLeaveGuard). The secret lives only in this step's state.
 */
export function OneTimeSecret({
  title,
  description,
  label,
  noun,
  secret,
  advice,
  recovery,
  doneLabel,
  onDone,
  extra,
  multiline,
}: OneTimeSecretProps) {
  const [copied, setCopied] = useState(false);
  // Why closing was asked about: the close button (or Escape), or Back.
  const [asking, setAsking] = useState<"close" | "back" | null>(null);
  const copyButton = useRef<HTMLButtonElement>(null);
  const stayButton = useRef<HTMLButtonElement>(null);
  const { release } = useLeaveGuard(true, () => setAsking("back"));

  const markCopied = () => setCopied(true);
  const close = () => (copied ? finish() : setAsking("close"));
  const finish = async () => {
    await release();
    onDone();
  };
  // Leaving as Back would have: the page goes, and the dialog with it.
  const leave = () => void release(2);

  return (
    <DialogContent
      title={title}
      description={description}
      onOpenAutoFocus={(event) => {
        event.preventDefault();
        copyButton.current?.focus();
      }}
      // A stray click outside never closes it; Escape and × ask first unless the secret was copied.
      onInteractOutside={(event) => event.preventDefault()}
      onEscapeKeyDown={(event) => {
        event.preventDefault();
        close();
      }}
      onClose={close}
      wide
    >
      <div role="note" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
        {multiline
          ? `This is the only time the ${noun} are shown. Copy them now and ${advice}. If you lose them, ${recovery}.`
          : `This is the only time the ${noun} is shown. Copy it now and ${advice}. If you lose it, ${recovery} to get a new one.`}
      </div>
      <label htmlFor="one-time-secret" className="text-sm font-medium text-zinc-800">
        {label}
      </label>
      <div className="mt-1.5 flex gap-2">
        {multiline ? (
          <textarea
            id="one-time-secret"
            readOnly
            value={secret}
            rows={secret.split("\n").length}
            onFocus={(event) => event.currentTarget.select()}
            onCopy={markCopied}
            className="min-w-0 flex-1 resize-none rounded-md bg-zinc-50 px-3 py-2 font-mono text-sm leading-6 text-zinc-900 ring-1 ring-zinc-300 ring-inset"
            spellCheck={false}
          />
        ) : (
          <input
            id="one-time-secret"
            readOnly
            value={secret}
            onFocus={(event) => event.currentTarget.select()}
            // Copied by hand (selected, then Ctrl+C or the menu) counts as copied too.
            onCopy={markCopied}
            className="h-10 min-w-0 flex-1 rounded-md bg-zinc-50 px-3 font-mono text-sm text-zinc-900 ring-1 ring-zinc-300 ring-inset"
            autoComplete="off"
            spellCheck={false}
          />
        )}
        <Button
          ref={copyButton}
          className="self-start"
          variant={copied ? "secondary" : "primary"}
          onClick={async () => {
            if (await copyToClipboard(secret, `${label} copied to the clipboard`)) markCopied();
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      {extra?.(markCopied)}
      {asking ? (
        <div
          role="alertdialog"
          aria-labelledby="close-secret-question"
          aria-describedby="close-secret-consequence"
          className="mt-6 rounded-md bg-red-50 p-3 ring-1 ring-red-200 ring-inset"
          ref={(node) => {
            if (node) stayButton.current?.focus();
          }}
        >
          <p id="close-secret-question" className="text-sm font-medium text-red-900">
            {asking === "back" ? "Leave this page" : "Close"} without copying the {noun}?
          </p>
          <p id="close-secret-consequence" className="mt-1 text-sm text-red-800">
            {multiline ? "They" : "It"} cannot be shown again: you would have to {recovery}.
          </p>
          <div className="mt-3 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="danger" onClick={asking === "back" ? leave : finish}>
              {asking === "back" ? "Leave without it" : "Close without it"}
            </Button>
            <Button ref={stayButton} variant="secondary" onClick={() => setAsking(null)}>
              Stay and copy it
            </Button>
          </div>
        </div>
      ) : (
        <div className="mt-6 flex justify-end">
          <Button onClick={close}>{doneLabel}</Button>
        </div>
      )}
    </DialogContent>
  );
}
