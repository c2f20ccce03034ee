"use client";

import { useStepUp } from "@/components/auth/step-up";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { selectClasses } from "@/components/ui/field";
import type { MemberRole } from "@/db/schema";
import { ROLE_LABELS } from "@/lib/accounts/roles";
import type { TeamAction, TeamActionFields } from "./team-action";

/** A member's role, changed as soon as another is chosen; a refusal puts the select back and says why. */
export function MemberRoleSelect({
  userId,
  name,
  role,
  roles,
  action,
  fields,
}: {
  userId: string;
  name: string;
  role: MemberRole;
  /** The roles the viewer may give (owners only offer "owner"). */
  roles: readonly MemberRole[];
  action: TeamAction;
  fields?: TeamActionFields;
}) {
  const router = useRouter();
  const [value, setValue] = useState(role);
  const [pending, startTransition] = useTransition();
  const stepUp = useStepUp();

  function change(next: MemberRole) {
    setValue(next);
    startTransition(async () => {
      // An admin changing a client's member may be asked for step-up first.
      const result = await stepUp(() => action({ ...fields, userId, role: next }));
      if (!result.ok) {
        setValue(role);
        toast.error(result.error);
        return;
      }
      toast.success(`${name} is now ${ROLE_LABELS[next].toLowerCase()}.`);
      router.refresh();
    });
  }

  return (
    <select
      aria-label={`Role of ${name}`}
      value={value}
      disabled={pending}
      onChange={(event) => change(event.target.value as MemberRole)}
      // As wide as its longest role, so that no phone cuts "Developer" short.
      className={`${selectClasses.replace("w-full", "w-auto")} h-8 py-1`}
    >
      {roles.map((option) => (
        <option key={option} value={option}>
          {ROLE_LABELS[option]}
        </option>
      ))}
    </select>
  );
}
