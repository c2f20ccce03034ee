import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { insertUserIfNew } from "@/db/queries/users";
import { setClientStatus } from "@/lib/accounts/clients";
import { hashPassword } from "@/lib/auth/password";
import { SignInSuspended } from "@/lib/auth/credentials";
import { throttledSignIn } from "@/lib/auth/throttled-sign-in";
import { adminActorOf, createUser } from "../support/factories";

const PASSWORD = "correct horse battery staple";

describe("signing in to a suspended account", () => {
  it("with the right password is told the account is suspended; a wrong one learns nothing more than before", async () => {
    const email = `suspended-${randomUUID().slice(0, 8)}@test.latchkey.local`;
    const user = await insertUserIfNew({ email, name: "Suspended", passwordHash: await hashPassword(PASSWORD) });
    const admin = await createUser({ role: "admin" });
    const change = { actor: adminActorOf(admin), clientId: user!.id };
    await setClientStatus(change, "suspended");

    await expect(throttledSignIn({ email, password: PASSWORD }, "198.51.100.7")).rejects.toBeInstanceOf(SignInSuspended);
    expect(await throttledSignIn({ email, password: "not the password" }, "198.51.100.7")).toBeNull();

    await setClientStatus(change, "active");
    expect(await throttledSignIn({ email, password: PASSWORD }, "198.51.100.7")).toMatchObject({ id: user!.id });
  });
});
