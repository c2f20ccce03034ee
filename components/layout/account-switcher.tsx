"use client";

import { useRef } from "react";

interface AccountChoice {
  id: string;
  name: string;
  role: string;
}

/**
 * The account the dashboard shows, in the header. Choosing another submits at once (the button is there for anyone
 * without scripts, and for keyboard users who prefer an explicit step).
 */
export function AccountSwitcher({
  accounts,
  currentId,
  switchAccount,
}: {
  accounts: AccountChoice[];
  currentId: string;
  switchAccount: (formData: FormData) => Promise<void>;
}) {
  const form = useRef<HTMLFormElement>(null);
  return (
    <form ref={form} action={switchAccount} className="flex max-w-[14rem] min-w-0 items-center gap-1 md:shrink-0">
      <label htmlFor="account-switcher" className="sr-only">
        Account
      </label>
      {/* Keyed by the current account: the layout survives a client-side refresh (creating an organisation, leaving
          one), and an uncontrolled select would keep showing the account it was first rendered with. */}
      <select
        key={currentId}
        id="account-switcher"
        name="accountId"
        defaultValue={currentId}
        onChange={() => form.current?.requestSubmit()}
        className="w-full max-w-[14rem] min-w-0 truncate rounded-md border border-zinc-300 bg-white py-1 pr-7 pl-2 text-sm font-medium"
      >
        {accounts.map((account) => (
          <option key={account.id} value={account.id}>
            {account.name} · {account.role}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100">
          Switch
        </button>
      </noscript>
    </form>
  );
}
