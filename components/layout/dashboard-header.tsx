import Link from "next/link";
import { Logo } from "@/components/logo";
import { NavLink } from "./nav-link";
import { AccountSwitcher } from "./account-switcher";

interface DashboardHeaderProps {
  user: { name: string; email: string; role: "client" | "admin" };
  accounts: { id: string; name: string; role: string }[];
  currentAccountId: string;
  signOut: () => Promise<void>;
  switchAccount: (formData: FormData) => Promise<void>;
}

export function DashboardHeader({ user, accounts, currentAccountId, signOut, switchAccount }: DashboardHeaderProps) {
  return (
    <header className="border-b border-zinc-200 bg-white">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4 sm:gap-6 sm:px-6">
        <Link href="/keys" aria-label="Latchkey home">
          <Logo compact />
        </Link>
        <nav aria-label="Main" className="-mx-1 flex min-w-0 items-center gap-1 overflow-x-auto px-1">
          <NavLink href="/keys">Keys</NavLink>
          <NavLink href="/usage">Usage</NavLink>
          <NavLink href="/audit">Audit log</NavLink>
          <NavLink href="/team">Team</NavLink>
          {user.role === "admin" && <NavLink href="/admin">Admin</NavLink>}
          <NavLink href="/docs">API reference</NavLink>
        </nav>
        <div className="ml-auto flex min-w-0 items-center gap-3">
          <AccountSwitcher accounts={accounts} currentId={currentAccountId} switchAccount={switchAccount} />
          <div className="hidden text-right sm:block">
            <p className="text-sm leading-tight font-medium">{user.name}</p>
            <p className="text-xs leading-tight text-zinc-500">{user.email}</p>
          </div>
          {user.role === "admin" && (
            <span className="hidden rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800 sm:inline">
              Admin
            </span>
          )}
          <form action={signOut}>
            <button
              type="submit"
              className="rounded-md px-2.5 py-1.5 text-sm whitespace-nowrap text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
            >
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
