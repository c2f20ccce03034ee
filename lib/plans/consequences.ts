// What an admin's change to a client cuts off, in words, for the confirmations that ask before it is made.

/** A plan as far as these sentences need it: 0 keys is no API access at all. */
export interface PlanLimit {
  name: string;
  maxActiveKeys: number;
}

/** What the client has now, for the confirmations to name what a change does to it. */
export interface ClientStanding {
  name: string;
  activeKeys: number;
  members: number;
}

export const activeKeysText = (n: number) => `${n.toLocaleString("en-US")} active key${n === 1 ? "" : "s"}`;

/**
 * What moving the client to `to` does, said before it is done; null for a move that takes nothing away. The plans
 * are ordered by how many keys they allow: fewer is a downgrade.
 */
export function planChangeConsequence(client: ClientStanding, from: PlanLimit, to: PlanLimit): string | null {
  if (to.maxActiveKeys >= from.maxActiveKeys) return null;
  if (to.maxActiveKeys === 0) {
    const keys = client.activeKeys === 1 ? "The one active key" : `All ${client.activeKeys.toLocaleString("en-US")} active keys`;
    return client.activeKeys > 0
      ? `${keys} of ${client.name} will stop working at once: the ${to.name} plan gives no API access. They work again on a plan that does.`
      : `${client.name} loses API access: no key can be made or used on the ${to.name} plan.`;
  }
  const over = client.activeKeys > to.maxActiveKeys;
  return over
    ? `${client.name} keeps its ${activeKeysText(client.activeKeys)}, which go on working, but the ${to.name} plan allows ${to.maxActiveKeys}: no new key can be made until fewer are active. New keys and edits are held to ${to.name}'s limits.`
    : `New keys and edits of ${client.name} are held to the ${to.name} plan's limits (at most ${to.maxActiveKeys} active keys); its ${activeKeysText(client.activeKeys)} go on working as they are.`;
}

/** What suspending the client does: its keys stop, its people lose access; both come back on reactivation. */
export function suspensionConsequence(client: ClientStanding): string {
  const people = `${client.members.toLocaleString("en-US")} member${client.members === 1 ? "" : "s"}`;
  const keys =
    client.activeKeys === 0
      ? "It has no active key to stop"
      : `Its ${activeKeysText(client.activeKeys)} will stop working at once`;
  return `${keys}, and its ${people} ${client.members === 1 ? "loses" : "lose"} access to it (they are told it is suspended when they sign in). Reactivating restores both.`;
}

/** What deleting a person does to the accounts they belong to, for the confirmation asked before it. */
export interface DeletionPreview {
  /** Accounts the person owns alone: closed with them. */
  closing: { name: string; kind: "personal" | "organization"; activeKeys: number }[];
  /** Accounts where the person only leaves: other owners keep them. */
  leaving: { name: string }[];
}

const nameList = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;

/**
 * "3 active keys will stop working at once; Acme will be closed. You leave Beta, whose other owners keep it." Said
 * of "you" (the person deleting themselves) or of the person an admin deletes.
 */
export function deletionConsequence(preview: DeletionPreview, who: "you" | string = "you"): string {
  const keys = preview.closing.reduce((sum, account) => sum + account.activeKeys, 0);
  const organisations = preview.closing.filter((account) => account.kind === "organization").map((a) => a.name);
  const sentences = [
    keys === 0
      ? "No active key stops working"
      : `${keys === 1 ? "1 active key" : `${keys.toLocaleString("en-US")} active keys`} will stop working at once`,
  ];
  sentences[0] += organisations.length > 0 ? `; ${nameList(organisations)} will be closed.` : ".";
  if (preview.leaving.length > 0) {
    const leaves = who === "you" ? "You leave" : `${who} leaves`;
    sentences.push(
      `${leaves} ${nameList(preview.leaving.map((a) => a.name))}, whose other owners keep ${preview.leaving.length === 1 ? "it" : "them"}.`,
    );
  }
  sentences.push("The audit trail is kept. This cannot be undone.");
  return sentences.join(" ");
}
