"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** `exact` for a section's own index (the admin overview), which every sub-page's path also starts with. */
export function NavLink({ href, exact, children }: { href: string; exact?: boolean; children: React.ReactNode }) {
  const pathname = usePathname();
  const active = exact ? pathname === href : pathname.startsWith(href);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`rounded-md px-2 py-1.5 text-sm font-medium whitespace-nowrap sm:px-3 ${
        active ? "bg-zinc-100 text-zinc-900" : "text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900"
      }`}
    >
      {children}
    </Link>
  );
}
