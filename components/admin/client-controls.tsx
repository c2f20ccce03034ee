"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useActionRun } from "@/components/ui/use-action-run";
import { FormAlert, selectClasses } from "@/components/ui/field";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { type ClientStanding, planChangeConsequence, suspensionConsequence } from "@/lib/plans/consequences";
import type { ActionResult } from "@/lib/http/server-action";

interface PlanOption {
  name: "none" | "basic" | "advanced";
  description: string;
  /** 0: no API access at all. */
  maxActiveKeys: number;
}

export function ClientPlanForm({
  clientId,
  client,
  plan,
  plans,
  setPlan,
}: {
  clientId: string;
  client: ClientStanding;
  plan: PlanOption["name"];
  plans: PlanOption[];
  setPlan: (input: { clientId: string; plan: PlanOption["name"] }) => Promise<ActionResult>;
}) {
  const { pending, error, run } = useActionRun();
  const [selected, setSelected] = useState(plan);
  const [confirming, setConfirming] = useState(false);
  const current = plans.find((option) => option.name === plan)!;
  const target = plans.find((option) => option.name === selected)!;
  const consequence = planChangeConsequence(client, current, target);
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (consequence) setConfirming(true);
        else run(() => setPlan({ clientId, plan: selected }), "Plan changed");
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
          {pending ? "Saving…" : consequence ? "Change plan…" : "Change plan"}
        </Button>
      </div>
      <p className="text-xs text-zinc-500">{target.description}</p>
      {consequence && (
        <ConfirmAction
          action={() => setPlan({ clientId, plan: selected })}
          input={{}}
          trigger=""
          title={`Move ${client.name} to the ${selected} plan?`}
          description={consequence}
          confirm={`Move to ${selected}`}
          done="Plan changed"
          control={{ open: confirming, onOpenChange: setConfirming }}
        />
      )}
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
  client,
  status,
  setStatus,
}: {
  clientId: string;
  client: ClientStanding;
  status: "active" | "suspended";
  setStatus: (input: { clientId: string; status: "active" | "suspended" }) => Promise<ActionResult>;
}) {
  const { pending, error, run } = useActionRun();
  if (status === "active") {
    return (
      <div className="space-y-3">
        <p className="text-sm text-zinc-600">Its members lose access to it and every one of its keys is refused at once.</p>
        <ConfirmAction
          action={() => setStatus({ clientId, status: "suspended" })}
          input={{}}
          trigger="Suspend client…"
          triggerVariant="danger"
          size="md"
          title={`Suspend ${client.name}?`}
          description={suspensionConsequence(client)}
          confirm="Suspend client"
          done="Client suspended"
        />
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <FormAlert message={error} />
      <p className="text-sm text-zinc-600">Reactivating restores its members' access and the keys it had.</p>
      <Button disabled={pending} onClick={() => run(() => setStatus({ clientId, status: "active" }), "Client reactivated")}>
        {pending ? "Working…" : "Reactivate client"}
      </Button>
    </div>
  );
}
