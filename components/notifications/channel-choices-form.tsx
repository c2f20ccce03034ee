"use client";

import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/field";
import { useActionRun } from "@/components/ui/use-action-run";
import type { ActionResult } from "@/lib/http/server-action";

export interface ChannelChoiceRow {
  type: string;
  title: string;
  description: string;
  inApp: boolean;
  email: boolean;
  /** Delivered on every channel whatever is chosen (a leaked key): shown ticked, not changeable. */
  forced: boolean;
}

/** One row per event type, a box per channel: what is ticked reaches this person there. */
export function ChannelChoicesForm({
  rows,
  save,
}: {
  rows: ChannelChoiceRow[];
  save: (form: FormData) => Promise<ActionResult>;
}) {
  const { pending, error, run } = useActionRun();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        run(() => save(form), "Choices saved");
      }}
      className="space-y-4"
    >
      <FormAlert message={error} />
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Which events reach you, in the dashboard’s inbox and by email</caption>
        <thead>
          <tr className="border-b border-zinc-200 text-xs text-zinc-500 uppercase">
            <th scope="col" className="py-2 pr-3 font-medium">
              Event
            </th>
            <th scope="col" className="w-16 px-2 py-2 text-center font-medium">
              Inbox
            </th>
            <th scope="col" className="w-16 py-2 pl-2 text-center font-medium">
              Email
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {rows.map((row) => (
            <tr key={row.type}>
              <th scope="row" className="py-2.5 pr-3 align-top font-normal">
                <span className="block font-medium text-zinc-900">{row.title}</span>
                <span className="block text-xs text-zinc-500">{row.description}</span>
                {row.forced && <span className="block text-xs text-zinc-700">Always sent everywhere.</span>}
              </th>
              <ChannelBox row={row} channel="inApp" label="in the inbox" className="px-2" />
              <ChannelBox row={row} channel="email" label="by email" className="pl-2" />
            </tr>
          ))}
        </tbody>
      </table>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save choices"}
      </Button>
    </form>
  );
}

function ChannelBox({
  row,
  channel,
  label,
  className,
}: {
  row: ChannelChoiceRow;
  channel: "inApp" | "email";
  label: string;
  className: string;
}) {
  return (
    <td className={`py-2.5 text-center align-top ${className}`}>
      <input
        type="checkbox"
        name={channel}
        value={row.type}
        defaultChecked={row[channel]}
        disabled={row.forced}
        aria-label={`${row.title} ${label}`}
        className="size-4 accent-zinc-900"
      />
    </td>
  );
}
