import { requireUser } from "@/lib/http/session";
import { LockedKeys } from "@/components/keys/locked-keys";

// A client on the "none" plan has no API access: the key pages say so and how to get it. Their keys are refused on
// the API too (verification checks the plan) and the lifecycle refuses to create or roll one; this is only the face
// of it. Admins are never locked out.
export default async function KeysLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  if (user.role !== "admin" && user.plan === "none") return <LockedKeys />;
  return children;
}
