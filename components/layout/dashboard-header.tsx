import Link from "next/link";
import { Logo } from "@/components/logo";
import { NavLink } from "./nav-link";
import { AccountSwitcher } from "./account-switcher";

interface DashboardHeaderProps {
  user: { name: string; email: string; role: "client" | "admin" };
  accounts: { id: string; name: string; role: string }[];
  currentAccountId: string;
  /** Unread notifications of this user in the current account. */
  unread: number;
  signOut: () => Promise<void>;
  switchAccount: (formData: FormData) => Promise<void>;
}

/**
 * Below `xl` the header has two rows: the account switcher and sign-out beside the logo, the navigation under them
 * (wrapping onto a second line on a phone, so that every link stays in sight). From `xl` there is room for one row.
 */
export function DashboardHeader({ user, accounts, currentAccountId, unread, signOut, switchAccount }: DashboardHeaderProps) {
  return (
    <header className="border-b border-zinc-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 px-4 sm:px-6 xl:flex-nowrap xl:gap-x-6">
        <Link href="/keys" aria-label="Latchkey home" className="flex h-14 shrink-0 items-center">
          <Logo compact />
        </Link>
        {/* Wider than the row by the links' padding, so that the first link's text lines up with the logo. On a
            phone the links wrap onto a second line rather than scroll out of sight. */}
        <nav
          aria-label="Main"
          className="order-last -mx-2 mb-2 flex w-[calc(100%+1rem)] flex-wrap items-center gap-1 sm:-mx-3 sm:w-[calc(100%+1.5rem)] xl:order-none xl:mx-0 xl:mb-0 xl:w-auto xl:shrink-0 xl:flex-nowrap"
        >
          <NavLink href="/keys">Keys</NavLink>
          <NavLink href="/usage">Usage</NavLink>
          <NavLink href="/audit">Audit log</NavLink>
          <NavLink href="/webhooks">Webhooks</NavLink>
          <NavLink href="/team">Team</NavLink>
          {user.role === "admin" && <NavLink href="/admin">Admin</NavLink>}
          <NavLink href="/docs">API reference</NavLink>
        </nav>
        {/* flex-1 from a zero basis: the row never wraps; the name and email give way first when space is short. */}
        <div className="flex h-14 min-w-0 flex-1 items-center justify-end gap-3">
          <NotificationsLink unread={unread} />
          <AccountSwitcher accounts={accounts} currentId={currentAccountId} switchAccount={switchAccount} />
          {/* The person's own settings: their name and email from md up, an icon on a phone, where the row has no room. */}
          <Link
            href="/account"
            aria-label={`Your account: ${user.name} (${user.email})`}
            title={`${user.name} (${user.email})`}
            className="-mx-1 shrink-0 rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 md:mx-0 md:min-w-0 md:shrink md:px-2 md:py-1 md:text-right md:text-zinc-900"
          >
            <svg aria-hidden viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} className="size-5 md:hidden">
              <path
                strokeLinecap="round"
                strokeLinejoin="round"
                d="M15.75 6a3.75 3.75 0 1 1-7.5 0 3.75 3.75 0 0 1 7.5 0ZM4.501 20.118a7.5 7.5 0 0 1 14.998 0A17.933 17.933 0 0 1 12 21.75c-2.676 0-5.216-.584-7.499-1.632Z"
              />
            </svg>
            <span className="hidden md:block">
              <span className="block truncate text-sm leading-tight font-medium">{user.name}</span>
              <span className="block truncate text-xs leading-tight text-zinc-500">{user.email}</span>
            </span>
          </Link>
          {user.role === "admin" && (
            <span className="hidden shrink-0 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800 sm:inline">
              Admin
            </span>
          )}
          <form action={signOut} className="shrink-0">
            <button
              type="submit"
              className="-mr-2.5 rounded-md px-2.5 py-1.5 text-sm whitespace-nowrap text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
            >
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}

/** A bell with the number of unread notifications (none shown at zero; "99+" past 99). */
function NotificationsLink({ unread }: { unread: number }) {
  const label = unread === 0 ? "Notifications" : `Notifications, ${unread} unread`;
  return (
    <Link
      href="/notifications"
      aria-label={label}
      title={label}
      className="relative -mx-1 shrink-0 rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
    >
      <svg aria-hidden viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} className="size-5">
        <path
          strokeLinecap="round"
          strokeLinejoin="round"
          d="M14.857 17.082a23.848 23.848 0 0 0 5.454-1.31A8.967 8.967 0 0 1 18 9.75V9A6 6 0 0 0 6 9v.75a8.967 8.967 0 0 1-2.312 6.022c1.733.64 3.56 1.085 5.455 1.31m5.714 0a24.255 24.255 0 0 1-5.714 0m5.714 0a3 3 0 1 1-5.714 0"
        />
      </svg>
      {unread > 0 && (
        <span className="absolute -top-0.5 -right-1 min-w-[1.125rem] rounded-full bg-sky-600 px-1 text-center text-[0.6875rem] leading-[1.125rem] font-semibold text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
