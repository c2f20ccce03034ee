import { existsSync } from "node:fs";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** Playwright cannot download its own browser here: it drives Debian's Chromium, or the one CHROMIUM_PATH names. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
}

export function chromiumMissingMessage(path: string): string | null {
  if (existsSync(path)) return null;
  return [
    `No Chromium at ${path}. The browser tests drive a system Chromium; install it with:`,
    "  sudo apt-get update && sudo apt-get install -y chromium",
    "or point CHROMIUM_PATH at an existing Chromium or Chrome binary.",
  ].join("\n");
}
