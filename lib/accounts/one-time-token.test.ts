import { describe, expect, it } from "vitest";
import { oneTimeTokenSchema } from "@/lib/validations/profile";
import { hashOneTimeToken, newOneTimeToken, tokenProblem } from "./one-time-token";

describe("one-time tokens", () => {
  it("are 256 random bits in base64url, fresh each time, stored only as their SHA-256", () => {
    const a = newOneTimeToken();
    const b = newOneTimeToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.tokenHash).toBe(hashOneTimeToken(a.token));
    expect(a.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.tokenHash).not.toContain(a.token);
    expect(oneTimeTokenSchema.safeParse(a.token).success).toBe(true);
  });

  it("work until used, withdrawn or expired, whichever comes first", () => {
    const now = new Date("2026-12-03T12:00:00Z");
    const open = { usedAt: null, revokedAt: null, expiresAt: new Date("2026-12-03T12:30:00Z") };
    expect(tokenProblem(open, now)).toBeNull();
    expect(tokenProblem({ ...open, expiresAt: now }, now)).toBe("expired");
    expect(tokenProblem({ ...open, revokedAt: now }, now)).toBe("revoked");
    expect(tokenProblem({ ...open, usedAt: now, revokedAt: now }, now)).toBe("used");
  });

  it("a link's token must look like one before anything is looked up", () => {
    for (const bad of ["", "short", `${"a".repeat(43)}=`, "a".repeat(44), `${"a".repeat(42)}/`, "../../etc/passwd"]) {
      expect(oneTimeTokenSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
