import { z } from "zod";

/**
 * The token a dashboard form that issues a secret was opened with (lib/submissions.ts): the command refuses a second
 * submission of it. Optional, so that a form loaded before a deploy still works.
 */
export const submissionField = {
  submission: z.uuid({ error: "Reload the page and try again." }).optional(),
};
