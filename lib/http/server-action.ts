import "server-only";
import type { z } from "zod";
import type { Account, MemberRole, User } from "@/db/schema";
import { currentSession } from "@/lib/http/session";
import { recordDenied, recordMissingRole } from "@/lib/audit/record";
import { actorOf } from "@/lib/http/request-actor";
import { headers } from "next/headers";
import { getDb } from "@/db";
import { can, PERMISSIONS, type Permission } from "@/lib/accounts/roles";
import { AppError, type FieldErrors } from "@/lib/errors";
import type { Actor } from "@/lib/audit/actor";
import { fieldErrorsOf } from "@/lib/validations/field-errors";
import { needsStepUp } from "@/lib/auth/step-up";

export type ActionResult<T extends object = object> =
  | ({ ok: true } & T)
  | { ok: false; error: string; fieldErrors?: FieldErrors; stepUp?: true };

/** The refusal of a sensitive action whose session last proved who is there too long ago: the page asks, then retries. */
export const STEP_UP_REFUSAL = {
  ok: false,
  error: "Confirm it is you to continue: enter your password again.",
  stepUp: true,
} as const;

interface ActionContext {
  user: User;
  /** The account chosen in the header, and the user's role in it: member actions act on it and nothing else. */
  account: Account;
  role: MemberRole;
  /** A member action's actor carries the membership; an admin action's does not (it acts on a client's behalf). */
  actor: Actor;
  /** The server-side session the action came from (lib/auth/sessions.ts). */
  sessionId: string;
}

interface ActionOptions {
  /** Form fields that may repeat (checkbox groups): always read as a list. */
  arrays?: string[];
  role?: "admin";
  /** What the user's role in their current account must allow (lib/accounts/roles.ts); refused with 403, audited. */
  permission?: Permission;
  /**
   * "current": the action changes the current account, and the page it was sent from names that account in an
   * `accountId` field. When they differ (the user switched accounts in another tab: the choice is one cookie for
   * every tab) nothing is done, rather than the change landing in an account the page did not show.
   */
  account?: "current";
  /** The action's name in the audit trail: a refusal for a missing role is recorded as `<audit>.denied`. */
  audit?: string;
}

interface StepUpOption<S extends z.ZodType> {
  /**
   * A sensitive action (lib/auth/step-up.ts): it does nothing, and answers STEP_UP_REFUSAL, unless the session proved
   * who is there within the step-up window. `true` for every call, or a predicate of the parsed input (a live key
   * only, say), asked after the role checks.
   */
  stepUp?: true | ((data: z.output<S>, context: ActionContext) => boolean | Promise<boolean>);
}

/** A form post becomes a plain object; the framework's own fields ($ACTION_…) are dropped. */
export function formDataToObject(formData: FormData, arrays: string[] = []): Record<string, unknown> {
  const result: Record<string, unknown> = Object.fromEntries(arrays.map((name) => [name, []]));
  for (const [name, value] of formData.entries()) {
    if (name.startsWith("$ACTION") || typeof value !== "string") continue;
    if (arrays.includes(name)) (result[name] as string[]).push(value);
    else result[name] = value;
  }
  return result;
}

/**
 * Every exported server action is a public endpoint. This wrapper makes each one authenticate (and, for admin
 * actions, authorize) itself and parse its input with zod before any of its own code runs.
 */
export function authedAction<S extends z.ZodType, T extends object>(
  schema: S,
  handler: (data: z.output<S>, context: ActionContext) => Promise<ActionResult<T>>,
  options: ActionOptions & StepUpOption<S> = {},
) {
  return async (input: FormData | Record<string, unknown>): Promise<ActionResult<T>> => {
    const session = await currentSession();
    if (!session) return { ok: false, error: "Your session has ended. Sign in again." };
    const { user, account, role } = session;
    const requestHeaders = await headers();
    const actor = options.role === "admin" ? actorOf(user, requestHeaders) : actorOf(user, requestHeaders, session);
    if (options.role === "admin" && user.role !== "admin") {
      // The refusal stands even if it cannot be recorded; the failure is logged.
      await recordMissingRole(actor, options.audit).catch((error: unknown) =>
        console.error("[latchkey] could not audit a refused action", error),
      );
      return { ok: false, error: "Only admins can do that." };
    }
    if (options.permission && !can(role, options.permission)) {
      const required = PERMISSIONS[options.permission];
      await recordDenied(await getDb(), actor, options.audit ?? options.permission, { accountId: account.id }, "missing_role", {
        role: { to: role },
        requiredRole: { to: required },
      }).catch((error: unknown) => console.error("[latchkey] could not audit a refused action", error));
      return { ok: false, error: `Your role in ${account.name} (${role}) does not allow that.` };
    }
    const raw = input instanceof FormData ? formDataToObject(input, options.arrays) : { ...input };
    if (options.account === "current") {
      if (raw.accountId !== account.id) {
        return { ok: false, error: `You are now working in ${account.name} (switched in another tab): reload the page first.` };
      }
      delete raw.accountId;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
    }
    const context = { user, account, role, actor, sessionId: session.sessionId };
    try {
      if (options.stepUp && needsStepUp(session.reauthenticatedAt)) {
        const sensitive = options.stepUp === true || (await options.stepUp(parsed.data, context));
        if (sensitive) return STEP_UP_REFUSAL;
      }
      return await handler(parsed.data, context);
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
      console.error("[latchkey] server action failed", error);
      return { ok: false, error: "Something went wrong on our side. Nothing was changed; try again." };
    }
  };
}
