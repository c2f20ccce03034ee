import { requireSession } from "@/lib/http/session";
import { LockedKeys } from "@/components/keys/locked-keys";

// A client on the "none" plan has no API access: the key pages say so and how to get it. Their keys are refused on
// the API too (verification checks the plan) and the lifecycle refuses to create or roll one; this is only the face
// of it.
export default async function KeysLayout({ children }: { children: React.ReactNode }) {
  const { user, account } = await requireSession();
  // A platform admin's personal account holds the platform's own keys, which no plan limits (lib/plans/enforce.ts).
  const platformOwned = account.kind === "personal" && account.id === user.id && user.role === "admin";
  if (account.plan === "none" && !platformOwned) return <LockedKeys />;
  return children;
}
