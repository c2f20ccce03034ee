import { describe, expect, it, vi } from "vitest";
import { z } from "zod";

// The step-up option of authedAction, on a session whose last proof of identity is old or fresh.
const state = vi.hoisted(() => ({ reauthenticatedAt: new Date() }));
vi.mock("@/lib/http/session", () => ({
  currentSession: vi.fn(async () => ({
    user: { id: "u1", role: "client", email: "a@example.com", name: "A" },
    account: { id: "a1", name: "A" },
    role: "owner",
    memberships: [],
    sessionId: "s1",
    reauthenticatedAt: state.reauthenticatedAt,
  })),
}));
vi.mock("next/headers", () => ({ headers: vi.fn(async () => new Headers()) }));

const { authedAction, STEP_UP_REFUSAL } = await import("@/lib/http/server-action");

const schema = z.object({ environment: z.enum(["live", "test"]) });
const ran = vi.fn(async () => ({ ok: true as const }));
const always = authedAction(schema, ran, { stepUp: true });
const liveOnly = authedAction(schema, ran, { stepUp: (input) => input.environment === "live" });
const never = authedAction(schema, ran);

describe("authedAction's stepUp option", () => {
  it("runs a sensitive action within the window", async () => {
    state.reauthenticatedAt = new Date(Date.now() - 60_000);
    ran.mockClear();
    expect(await always({ environment: "live" })).toEqual({ ok: true });
    expect(ran).toHaveBeenCalledTimes(1);
  });

  it("refuses a sensitive action past the window, without running it, in a shape the page recognises", async () => {
    state.reauthenticatedAt = new Date(Date.now() - 11 * 60_000);
    ran.mockClear();
    expect(await always({ environment: "test" })).toEqual(STEP_UP_REFUSAL);
    expect(STEP_UP_REFUSAL).toMatchObject({ ok: false, stepUp: true });
    expect(ran).not.toHaveBeenCalled();
  });

  it("asks the predicate with the parsed input: only what it calls sensitive is refused", async () => {
    state.reauthenticatedAt = new Date(Date.now() - 11 * 60_000);
    ran.mockClear();
    expect(await liveOnly({ environment: "live" })).toEqual(STEP_UP_REFUSAL);
    expect(await liveOnly({ environment: "test" })).toEqual({ ok: true });
    expect(await never({ environment: "live" })).toEqual({ ok: true });
    expect(ran).toHaveBeenCalledTimes(2);
  });
});
