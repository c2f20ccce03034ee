export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** Playwright cannot download its own browser here: it drives Debian's Chromium, or the one CHROMIUM_PATH names. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
}
