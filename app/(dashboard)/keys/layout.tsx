import { requireSession } from "@/lib/http/session";
import { LockedKeys } from "@/components/keys/locked-keys";

// A client on the "none" plan has no API access: the key pages say so and how to get it. Their keys are refused on
// the API too (verification checks the plan) and the lifecycle refuses to create or roll one; this is only the face
// of it.
export default async function KeysLayout({ children }: { children: React.ReactNode }) {
  const { account } = await requireSession();
  if (account.plan === "none") return <LockedKeys />;
  return children;
}
