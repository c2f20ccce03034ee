import { describe, expect, it } from "vitest";
import { findKeyPeople } from "@/db/queries/key-people";
import { removeMember } from "@/lib/accounts/members";
import { createServiceAccount } from "@/lib/accounts/service-accounts";
import { keyPeopleFor } from "@/lib/keys/key-people";
import { createKey } from "@/lib/keys/lifecycle";
import { adminActorOf, createKeyInput, createUser } from "../support/factories";
import { organizationWithTeam } from "../support/teams";

// The key page's "Created by" and "Held by": one read, and what each reader is told.

describe("findKeyPeople", () => {
  it("names a maker who is a member, and only calls them a former member once they have left", async () => {
    const { org, people, as } = await organizationWithTeam();
    const { key } = await createKey(as("developer"), org.id, createKeyInput());
    const ref = { keyId: key.id, accountId: org.id };
    const { name, email } = people.developer;
    expect(keyPeopleFor(await findKeyPeople(ref), "member")).toEqual({
      creator: { kind: "person", name, email },
      holder: null,
    });

    await removeMember(as("owner"), org.id, people.developer.id);
    const row = await findKeyPeople(ref);
    expect(keyPeopleFor(row, "member").creator).toEqual({ kind: "former_member" });
    // The platform's admin still sees who it was.
    expect(keyPeopleFor(row, "admin").creator).toEqual({ kind: "person", name, email, note: "no longer a member" });
  });

  it("says an administrator made a key on the account's behalf, and gives the holder", async () => {
    const { org, as } = await organizationWithTeam();
    const admin = await createUser({ role: "admin", name: "Ada Admin" });
    const machine = await createServiceAccount(as("owner"), org.id, { name: "CI", description: "", role: "developer" });
    const { key } = await createKey(adminActorOf(admin), org.id, createKeyInput({ serviceAccountId: machine.id }));
    const row = await findKeyPeople({ keyId: key.id, accountId: org.id });
    expect(keyPeopleFor(row, "member")).toEqual({
      creator: { kind: "administrator" },
      holder: expect.objectContaining({ id: machine.id, name: "CI", role: "developer", retiredAt: null }),
    });
    expect(keyPeopleFor(row, "admin").creator).toEqual({
      kind: "person",
      name: "Ada Admin",
      email: admin.email,
      note: "administrator",
    });
  });

  it("finds nothing for another account's key id", async () => {
    const { org, as } = await organizationWithTeam();
    const other = await organizationWithTeam("Other");
    const { key } = await createKey(as("owner"), org.id, createKeyInput());
    expect(await findKeyPeople({ keyId: key.id, accountId: other.org.id })).toBeUndefined();
  });
});

describe("keyPeopleFor", () => {
  it("says a key made with no person behind it came through the API or the command line", () => {
    const row = { createdBy: null, creator: null, creatorMemberRole: null, holder: null };
    expect(keyPeopleFor(row, "member")).toEqual({ creator: { kind: "api" }, holder: null });
    expect(keyPeopleFor(row, "admin")).toEqual({ creator: { kind: "api" }, holder: null });
  });

  it("calls a maker whose user row is gone a former member, for everyone", () => {
    const row = { createdBy: crypto.randomUUID(), creator: null, creatorMemberRole: null, holder: null };
    expect(keyPeopleFor(row, "member").creator).toEqual({ kind: "former_member" });
    expect(keyPeopleFor(row, "admin").creator).toEqual({ kind: "former_member" });
  });
});
