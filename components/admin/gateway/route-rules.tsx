"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions, DialogClose, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Field, FieldError, FormAlert, inputClasses, selectClasses } from "@/components/ui/field";
import { useSavingForm } from "@/components/ui/use-form-submit";
import type { ActionResult } from "@/lib/http/server-action";
import { GATEWAY_METHODS } from "@/lib/validations/gateway";

export interface RuleView {
  id: string;
  method: string;
  pathPattern: string;
  requiredScopes: string[];
  cost: number;
}

type Submit = (formData: FormData) => Promise<ActionResult>;

export interface RuleActions {
  addRoute: Submit;
  updateRoute: Submit;
  deleteRoute: (input: { routeId: string }) => Promise<ActionResult>;
  moveRoute: (input: { routeId: string; direction: string }) => Promise<ActionResult>;
}

/** A rule's fields: method, pattern, the scopes it needs (from the catalogue) and its cost. */
function RuleFields({
  rule,
  scopes,
  errors,
}: {
  rule?: RuleView;
  scopes: string[];
  errors?: Record<string, string[] | undefined>;
}) {
  const held = new Set(rule?.requiredScopes);
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-[8rem_minmax(0,1fr)]">
        <Field label="Method" errors={errors?.method}>
          {(props) => (
            <select {...props} name="method" defaultValue={rule?.method ?? "GET"} className={selectClasses}>
              {GATEWAY_METHODS.map((method) => (
                <option key={method}>{method}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Path pattern" hint="/payments/:id, /files/* (relative to the service)" errors={errors?.pathPattern}>
          {(props) => (
            <input
              {...props}
              name="pathPattern"
              defaultValue={rule?.pathPattern}
              placeholder="/payments/:id"
              className={`${inputClasses} font-mono`}
              autoComplete="off"
            />
          )}
        </Field>
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-zinc-800">Required scopes</legend>
        <p className="text-xs text-zinc-500">A key needs every scope ticked; none ticked: any valid key.</p>
        <div className="mt-2 grid max-h-44 gap-1.5 overflow-y-auto rounded-md p-2 ring-1 ring-zinc-200 ring-inset sm:grid-cols-2">
          {scopes.map((scope) => (
            <label key={scope} className="flex items-center gap-2 font-mono text-sm">
              <input
                type="checkbox"
                name="requiredScopes"
                value={scope}
                defaultChecked={held.has(scope)}
                className="accent-zinc-900"
              />
              {scope}
            </label>
          ))}
        </div>
        <FieldError errors={errors?.requiredScopes} />
      </fieldset>
      <Field label="Cost" hint="Requests of the key's rate limit one call uses (1 to 1000)" errors={errors?.cost}>
        {(props) => (
          <input
            {...props}
            name="cost"
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            defaultValue={rule?.cost ?? 1}
            className={`${inputClasses} max-w-32`}
          />
        )}
      </Field>
    </>
  );
}

export function AddRuleForm({ serviceId, scopes, addRoute }: { serviceId: string; scopes: string[]; addRoute: Submit }) {
  const [formKey, setFormKey] = useState(0);
  const { failed, onSubmit, pending } = useSavingForm(
    (formData) => {
      formData.set("serviceId", serviceId);
      return addRoute(formData);
    },
    "Rule added",
    () => setFormKey((key) => key + 1),
  );
  return (
    <form key={formKey} onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormAlert message={failed?.error} />
      <RuleFields scopes={scopes} errors={failed?.fieldErrors} />
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add rule"}
        </Button>
      </div>
    </form>
  );
}

function EditRuleDialog({ rule, scopes, updateRoute }: { rule: RuleView; scopes: string[]; updateRoute: Submit }) {
  const [open, setOpen] = useState(false);
  const { failed, onSubmit, pending } = useSavingForm(
    (formData) => {
      formData.set("routeId", rule.id);
      return updateRoute(formData);
    },
    "Rule saved",
    () => setOpen(false),
  );
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="secondary" aria-label={`Edit ${rule.method} ${rule.pathPattern}`}>
          Edit
        </Button>
      </DialogTrigger>
      <DialogContent title="Edit rule" wide>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <FormAlert message={failed?.error} />
          <RuleFields rule={rule} scopes={scopes} errors={failed?.fieldErrors} />
          <DialogActions confirm="Save rule" pendingLabel="Saving…" pending={pending} />
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The service's rules in the order they are tried, each movable up or down, editable and deletable. */
export function RouteRules({ rules, scopes, actions }: { rules: RuleView[]; scopes: string[]; actions: RuleActions }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const run = (work: () => Promise<ActionResult>, done: string) =>
    startTransition(async () => {
      const result = await work();
      if (!result.ok) return void toast.error(result.error);
      toast.success(done);
      router.refresh();
    });

  if (rules.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-600">
        No rules yet: every call to this service answers 404 until one matches.
      </p>
    );
  }
  return (
    <ol className="divide-y divide-zinc-100">
      {rules.map((rule, index) => {
        const label = `${rule.method} ${rule.pathPattern}`;
        return (
          <li key={rule.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0">
              <p className="flex flex-wrap items-center gap-2">
                <span className="w-5 text-right text-xs text-zinc-400 tabular-nums">{index + 1}</span>
                <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs font-semibold text-zinc-700">
                  {rule.method}
                </span>
                <span className="font-mono text-sm break-all">{rule.pathPattern}</span>
              </p>
              <p className="mt-1 flex flex-wrap items-center gap-1.5 pl-7 text-xs text-zinc-600">
                {rule.requiredScopes.length === 0 ? (
                  <span>any valid key</span>
                ) : (
                  rule.requiredScopes.map((scope) => (
                    <span
                      key={scope}
                      className="rounded-full bg-brand-50 px-2 py-0.5 font-mono text-brand-700 ring-1 ring-brand-100 ring-inset"
                    >
                      {scope}
                    </span>
                  ))
                )}
                <span className="text-zinc-400">·</span>
                <span>
                  costs {rule.cost} {rule.cost === 1 ? "request" : "requests"}
                </span>
              </p>
            </div>
            <div className="flex shrink-0 flex-wrap gap-1.5 pl-7 sm:pl-0">
              <Button
                size="sm"
                variant="ghost"
                disabled={pending || index === 0}
                aria-label={`Move ${label} up`}
                onClick={() => run(() => actions.moveRoute({ routeId: rule.id, direction: "up" }), "Rule moved up")}
              >
                ↑
              </Button>
              <Button
                size="sm"
                variant="ghost"
                disabled={pending || index === rules.length - 1}
                aria-label={`Move ${label} down`}
                onClick={() => run(() => actions.moveRoute({ routeId: rule.id, direction: "down" }), "Rule moved down")}
              >
                ↓
              </Button>
              <EditRuleDialog rule={rule} scopes={scopes} updateRoute={actions.updateRoute} />
              <DeleteRuleDialog
                label={label}
                onConfirm={() => run(() => actions.deleteRoute({ routeId: rule.id }), "Rule deleted")}
              />
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function DeleteRuleDialog({ label, onConfirm }: { label: string; onConfirm: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="secondary" aria-label={`Delete ${label}`}>
          Delete
        </Button>
      </DialogTrigger>
      <DialogContent title="Delete this rule?" description={`${label}: calls it matched will match a later rule, or answer 404.`}>
        <div className="mt-4 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button
            variant="danger"
            onClick={() => {
              setOpen(false);
              onConfirm();
            }}
          >
            Delete rule
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
