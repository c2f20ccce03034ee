import { requireAdmin } from "@/lib/http/session";
import { NavLink } from "@/components/layout/nav-link";

// Every admin page also checks the role itself; this layout is the first gate and the section's navigation.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requireAdmin();
  return (
    <div className="space-y-6">
      <nav
        aria-label="Admin"
        // Wraps rather than scrolls on a phone: ten sections, every one in sight.
        className="-mx-1 flex flex-wrap gap-1 border-b border-zinc-200 px-1 pb-2"
      >
        <NavLink href="/admin" exact>
          Overview
        </NavLink>
        <NavLink href="/admin/clients">Clients</NavLink>
        <NavLink href="/admin/plans">Plans</NavLink>
        <NavLink href="/admin/templates">Templates</NavLink>
        <NavLink href="/admin/scopes">Scopes</NavLink>
        <NavLink href="/admin/gateway">Gateway</NavLink>
        <NavLink href="/admin/audit">Audit log</NavLink>
        <NavLink href="/admin/mail">Mail</NavLink>
        <NavLink href="/admin/webhooks">Webhooks</NavLink>
        <NavLink href="/admin/leaks">Leaks</NavLink>
      </nav>
      {children}
    </div>
  );
}
