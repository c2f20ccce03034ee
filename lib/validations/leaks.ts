import { z } from "zod";
import { text } from "./text";

// The leak report's boundaries: GitHub's secret-scanning payload (also what another scanner sends with the leak
// report token), the admin area's form, and the admins' policy.

// Tokens in one report. Each costs a lookup and, for a real key, a transaction; GitHub sends a handful at a time,
// so a report past this is refused whole (400) rather than taking the database for seconds.
export const MAX_TOKENS_PER_REPORT = 100;
// The body past which a report is refused unread (413): 100 tokens with long URLs fit well within it.
export const MAX_REPORT_BODY_BYTES = 128 * 1024;

// Control characters are refused in what is stored and shown (type, url, source); the token itself is only hashed,
// so anything goes there within a length no key of ours comes near.
function hasControlCharacter(value: string): boolean {
  for (let at = 0; at < value.length; at++) {
    const code = value.charCodeAt(at);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
const printable = (max: number) =>
  text()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !hasControlCharacter(value), "Must not contain control characters.");

export const reportedTokenSchema = z.object({
  token: z.string().min(1).max(1024),
  type: printable(100),
  url: printable(2048),
  source: printable(100).optional(),
});

export type ReportedToken = z.output<typeof reportedTokenSchema>;

// GitHub may add fields to each token's object: they are ignored, not refused.
export const leakReportSchema = z.array(reportedTokenSchema).min(1).max(MAX_TOKENS_PER_REPORT);

/** The admin area's form: a key someone found, and where. */
export const adminLeakReportSchema = z
  .object({
    token: text("Paste the key that was found.").trim().min(1, "Paste the key that was found.").max(1024),
    url: printable(2048).pipe(z.url({ protocol: /^https?$/, error: "Enter the address where it was found (https://…)." })),
  })
  .strict();

export const leakPolicySchema = z
  .object({
    action: z.enum(["revoke", "roll"], { error: "Choose what happens to a leaked key." }),
    graceMinutes: z.coerce
      .number({ error: "Enter a number of minutes." })
      .int("Enter a whole number of minutes.")
      .min(1, "At least 1 minute.")
      .max(1440, "At most 1440 minutes (a day)."),
  })
  .strict();
