import Link from "next/link";

export default function KeyNotFound() {
  return (
    <div className="rounded-xl bg-white px-6 py-14 text-center shadow-sm ring-1 ring-zinc-200">
      <h1 className="text-lg font-semibold">Key not found</h1>
      <p className="mt-1 text-sm text-zinc-600">It may have been deleted, or it belongs to another account.</p>
      <Link href="/keys" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline">
        Back to your keys
      </Link>
    </div>
  );
}
