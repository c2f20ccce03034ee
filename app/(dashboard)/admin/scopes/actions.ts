"use server";

import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/http/server-action";
import { addScope, setScopeDeprecated } from "@/lib/accounts/scope-catalogue";
import { addScopeSchema, deprecateScopeSchema } from "@/lib/validations/admin";

export const addScopeAction = authedAction(
  addScopeSchema,
  async (scope, { actor }) => {
    await addScope({ actor }, scope);
    revalidatePath("/admin/scopes");
    return { ok: true };
  },
  { role: "admin" },
);

export const setScopeDeprecatedAction = authedAction(
  deprecateScopeSchema,
  async ({ name, deprecated }, { actor }) => {
    await setScopeDeprecated({ actor }, name, deprecated);
    revalidatePath("/admin/scopes");
    return { ok: true };
  },
  { role: "admin" },
);
