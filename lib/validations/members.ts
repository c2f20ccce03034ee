import { z } from "zod";
import { MEMBER_ROLES } from "@/lib/accounts/roles";
import { text } from "./text";

export const memberEmail = z
  .string({ error: "Email is required." })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address." }).max(254, "Email is too long."));

export const memberRoleSchema = z.enum(MEMBER_ROLES, { error: "Choose a role." });
// A service account is never an owner: owners answer for the account, which only people can.
export const SERVICE_ACCOUNT_ROLES = ["admin", "developer", "viewer"] as const;
export const serviceAccountRoleSchema = z.enum(SERVICE_ACCOUNT_ROLES, { error: "Choose a role." });

const displayName = (what: string) =>
  text(`${what} is required.`).trim().min(1, `${what} is required.`).max(80, `${what} must be at most 80 characters.`);

const userId = z.uuid({ error: "Member not found." });

export const createOrganizationSchema = z.object({ name: displayName("Name") }).strict();

export const inviteMemberSchema = z.object({ email: memberEmail, role: memberRoleSchema }).strict();
export type InviteMemberInput = z.output<typeof inviteMemberSchema>;

export const invitationTargetSchema = z.object({ invitationId: z.uuid({ error: "Invitation not found." }) }).strict();

// The token is 32 random bytes in base64url: 43 characters. Anything else cannot be one, and is not looked up.
export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This invitation link is not valid.");
export const acceptInvitationSchema = z.object({ token: invitationTokenSchema }).strict();

export const changeMemberRoleSchema = z.object({ userId, role: memberRoleSchema }).strict();
export const memberTargetSchema = z.object({ userId }).strict();
export const transferOwnershipSchema = z.object({ userId }).strict();

export const createServiceAccountSchema = z
  .object({
    name: displayName("Name"),
    description: text().trim().max(500, "Description must be at most 500 characters.").default(""),
    role: serviceAccountRoleSchema,
  })
  .strict();
export type CreateServiceAccountInput = z.output<typeof createServiceAccountSchema>;

export const serviceAccountTargetSchema = z
  .object({ serviceAccountId: z.uuid({ error: "Service account not found." }) })
  .strict();

export const requestPlanSchema = z.object({ plan: z.enum(["none", "basic", "advanced"], { error: "Choose a plan." }) }).strict();
export const withdrawPlanRequestSchema = z.object({}).strict();
export const closeAccountSchema = z.object({ confirmation: text().max(200, "Type the account's name.") }).strict();
