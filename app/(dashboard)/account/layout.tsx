import { NavLink } from "@/components/layout/nav-link";
import { requireSession } from "@/lib/http/session";

// The person's own settings, in two pages: who they are (name, email, password, deletion) and how they sign in
// (two-factor, sessions). Each page checks the session itself too; this layout is their navigation.
export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  await requireSession();
  return (
    <div className="space-y-6">
      <nav aria-label="Your account" className="-mx-1 flex flex-wrap gap-1 border-b border-zinc-200 px-1 pb-2">
        <NavLink href="/account" exact>
          Profile
        </NavLink>
        <NavLink href="/account/security">Sign-in and security</NavLink>
      </nav>
      {children}
    </div>
  );
}
