import type { ActionResult } from "@/lib/http/server-action";
import type { IssueAction } from "./use-issue-key";

/** A server action posted as a form. */
export type FormAction = (formData: FormData) => Promise<ActionResult>;
/** A server action called with plain fields (the key's id, and the client's when an admin acts for them). */
export type FieldsAction = (input: Record<string, string>) => Promise<ActionResult>;

/**
 * What the key page can do to a key, handed down by the page: the client's own actions, or the admin's acting for
 * a client. Components never import actions themselves.
 */
export interface KeyActions {
  update: FormAction;
  allowlist: FormAction;
  roll: IssueAction;
  disable: FieldsAction;
  enable: FieldsAction;
  endGrace: FieldsAction;
  revoke: FieldsAction;
  hide: FieldsAction;
  /** Posted with every action (the client's id when an admin acts for them). */
  fields?: Record<string, string>;
  /** Where the list of keys is: "Delete from view" returns there. */
  listHref: string;
}
