"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useActionRun } from "@/components/ui/use-action-run";
import { FormAlert, selectClasses } from "@/components/ui/field";
import type { ActionResult } from "@/lib/http/server-action";

interface PlanOption {
  name: "none" | "basic" | "advanced";
  description: string;
}

export function ClientPlanForm({
  clientId,
  plan,
  plans,
  setPlan,
}: {
  clientId: string;
  plan: PlanOption["name"];
  plans: PlanOption[];
  setPlan: (input: { clientId: string; plan: PlanOption["name"] }) => Promise<ActionResult>;
}) {
  const { pending, error, run } = useActionRun();
  const [selected, setSelected] = useState(plan);
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        run(() => setPlan({ clientId, plan: selected }), "Plan changed");
      }}
    >
      <FormAlert message={error} />
      <label htmlFor="plan" className="block text-sm font-medium text-zinc-800">
        Plan
      </label>
      <div className="flex gap-2">
        <select
          id="plan"
          name="plan"
          value={selected}
          onChange={(event) => setSelected(event.target.value as PlanOption["name"])}
          className={selectClasses}
        >
          {plans.map((option) => (
            <option key={option.name} value={option.name}>
              {option.name}
            </option>
          ))}
        </select>
        <Button type="submit" variant="secondary" disabled={pending || selected === plan}>
          {pending ? "Saving…" : "Change plan"}
        </Button>
      </div>
      <p className="text-xs text-zinc-500">{plans.find((option) => option.name === selected)?.description}</p>
    </form>
  );
}

/** An owner's open request for another plan: grant it (the plan changes) or decline it (it stays). */
export function PlanRequestAnswer({
  clientId,
  requested,
  requestedAt,
  setPlan,
  decline,
}: {
  clientId: string;
  requested: PlanOption["name"];
  requestedAt: string;
  setPlan: (input: { clientId: string; plan: PlanOption["name"] }) => Promise<ActionResult>;
  decline: (input: { clientId: string }) => Promise<ActionResult>;
}) {
  const { pending, error, run } = useActionRun();
  return (
    <div className="space-y-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
      <FormAlert message={error} />
      <p>
        An owner asked for the <span className="font-medium">{requested}</span> plan on {requestedAt}.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" disabled={pending} onClick={() => run(() => setPlan({ clientId, plan: requested }), "Plan granted")}>
          Grant {requested}
        </Button>
        <Button
          variant="secondary"
          size="sm"
          disabled={pending}
          onClick={() => run(() => decline({ clientId }), "Request declined")}
        >
          Decline
        </Button>
      </div>
    </div>
  );
}

export function ClientStatusButton({
  clientId,
  status,
  setStatus,
}: {
  clientId: string;
  status: "active" | "suspended";
  setStatus: (input: { clientId: string; status: "active" | "suspended" }) => Promise<ActionResult>;
}) {
  const { pending, error, run } = useActionRun();
  const suspend = status === "active";
  return (
    <div className="space-y-3">
      <FormAlert message={error} />
      <p className="text-sm text-zinc-600">
        {suspend
          ? "Its members lose access to it and every one of its keys is refused at once."
          : "Reactivating restores its members' access and the keys it had."}
      </p>
      <Button
        variant={suspend ? "danger" : "primary"}
        disabled={pending}
        onClick={() =>
          run(
            () => setStatus({ clientId, status: suspend ? "suspended" : "active" }),
            suspend ? "Client suspended" : "Client reactivated",
          )
        }
      >
        {pending ? "Working…" : suspend ? "Suspend client" : "Reactivate client"}
      </Button>
    </div>
  );
}
