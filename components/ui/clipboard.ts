"use client";

import { toast } from "sonner";

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
