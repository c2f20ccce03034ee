import type { ActionResult } from "@/lib/http/server-action";

export type TeamAction = (input: Record<string, string>) => Promise<ActionResult>;

/**
 * Fields sent with every input of a list's actions: the admin's pages name the client they act for
 * (`{ clientId }`); the team page sends none, its account being the session's.
 */
export type TeamActionFields = Record<string, string>;
