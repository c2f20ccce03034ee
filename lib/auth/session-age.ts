// How long a sign-in lasts: the session cookie's lifetime (auth.config.ts), and the age past which a session's row
// no longer lets anyone in nor is listed (lib/auth/sessions.ts), whatever the cookie says.
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export function sessionsStartedAfter(now: Date = new Date()): Date {
  return new Date(now.getTime() - SESSION_MAX_AGE_SECONDS * 1000);
}
