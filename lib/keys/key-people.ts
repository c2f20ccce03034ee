import type { KeyPeopleRow } from "@/db/queries/key-people";
import type { ServiceAccount } from "@/db/schema";

/**
 * Who made a key, as the key page says it. The account's members see a current member by name; someone who has left
 * is "a former member" (the key stays with the account, their name does not), and a platform admin who made it on
 * the account's behalf is "an administrator". The admin's own pages name whoever it was.
 */
export type KeyCreator =
  | { kind: "person"; name: string; email: string; note?: string }
  | { kind: "former_member" }
  | { kind: "administrator" }
  | { kind: "api" };

export interface KeyPeople {
  creator: KeyCreator;
  holder: ServiceAccount | null;
}

export function keyPeopleFor(row: KeyPeopleRow | undefined, reader: "member" | "admin"): KeyPeople {
  const holder = row?.holder ?? null;
  if (!row?.createdBy) return { creator: { kind: "api" }, holder };
  const { creator, creatorMemberRole } = row;
  if (creator && creatorMemberRole) return { creator: { kind: "person", name: creator.name, email: creator.email }, holder };
  if (reader === "admin" && creator) {
    const note = creator.platformRole === "admin" ? "administrator" : "no longer a member";
    return { creator: { kind: "person", name: creator.name, email: creator.email, note }, holder };
  }
  if (creator?.platformRole === "admin") return { creator: { kind: "administrator" }, holder };
  return { creator: { kind: "former_member" }, holder };
}
