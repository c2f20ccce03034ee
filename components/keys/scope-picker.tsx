"use client";

import { useState } from "react";
import type { ScopeOption } from "@/lib/scopes";
import { FieldError } from "@/components/ui/field";

interface ScopePickerProps {
  options: ScopeOption[];
  defaultSelected: string[];
  errors?: string[];
}

/**
 * Checkboxes from the catalogue (a template fills them in: components/keys/template-picker.tsx). Deprecated scopes
 * show only where a key already has them; scopes the plan leaves out are shown disabled with the reason.
 */
export function ScopePicker({ options, defaultSelected, errors }: ScopePickerProps) {
  const [selected, setSelected] = useState(() => new Set(defaultSelected));
  const unavailable = options.filter((option) => option.unavailable).length;

  function toggle(name: string, checked: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (checked) next.add(name);
      else next.delete(name);
      return next;
    });
  }

  return (
    <fieldset className="space-y-2" aria-describedby={errors?.length ? "scopes-error" : undefined}>
      {/* The legend is the fieldset's first child, or it does not name the group; Clear floats beside it. */}
      <legend className="float-left text-sm font-medium text-zinc-800">Scopes</legend>
      <div className="flex justify-end">
        <button
          type="button"
          onClick={() => setSelected(new Set())}
          className="rounded-md px-2 py-1 text-xs font-medium text-zinc-500 hover:bg-zinc-50"
        >
          Clear
        </button>
      </div>
      <div className="grid max-h-56 gap-1 overflow-y-auto rounded-md p-1 ring-1 ring-zinc-200 ring-inset sm:grid-cols-2">
        {options.map((option) => (
          <label
            key={option.name}
            className="flex cursor-pointer items-start gap-2 rounded-md px-2 py-1.5 hover:bg-zinc-50 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60"
          >
            <input
              type="checkbox"
              name="scopes"
              value={option.name}
              checked={selected.has(option.name)}
              disabled={(option.deprecated || Boolean(option.unavailable)) && !selected.has(option.name)}
              onChange={(event) => toggle(option.name, event.target.checked)}
              className="mt-0.5 size-4 rounded border-zinc-300 accent-zinc-900"
            />
            <span className="min-w-0">
              <span className="block font-mono text-xs text-zinc-900">
                {option.name}
                {option.deprecated && <span className="ml-1 font-sans text-amber-700">(deprecated)</span>}
              </span>
              <span className="block text-xs text-zinc-500">{option.description}</span>
              {option.unavailable && <span className="block text-xs font-medium text-zinc-600">{option.unavailable}</span>}
            </span>
          </label>
        ))}
      </div>
      <p className="text-xs text-zinc-500" aria-live="polite">
        {selected.size} of {options.length - unavailable} selected
        {unavailable > 0 && ` · ${unavailable} not on your plan`}
      </p>
      <FieldError id="scopes-error" errors={errors} />
    </fieldset>
  );
}
