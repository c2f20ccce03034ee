"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "./button";

/** Copies `text`, telling the user how it went; the caller learns whether it worked. */
export async function copyToClipboard(text: string, copiedMessage: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    toast.success(copiedMessage);
    return true;
  } catch {
    toast.error("Copying failed: select the text and copy it yourself.");
    return false;
  }
}

/**
 * A secret shown once (a key, a signing secret): read-only, selected on focus, with a Copy button that says when it
 * has been copied. It holds the secret only while its dialog step is open.
 */
export function SecretField({
  id,
  label,
  secret,
  copiedMessage,
}: {
  id: string;
  label: string;
  secret: string;
  copiedMessage: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <>
      <label htmlFor={id} className="text-sm font-medium text-zinc-800">
        {label}
      </label>
      <div className="mt-1.5 flex gap-2">
        <input
          id={id}
          readOnly
          value={secret}
          onFocus={(event) => event.currentTarget.select()}
          className="h-10 min-w-0 flex-1 rounded-md bg-zinc-50 px-3 font-mono text-sm text-zinc-900 ring-1 ring-zinc-300 ring-inset"
          autoComplete="off"
          spellCheck={false}
        />
        <Button
          variant={copied ? "secondary" : "primary"}
          onClick={async () => {
            if (await copyToClipboard(secret, copiedMessage)) setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </>
  );
}
