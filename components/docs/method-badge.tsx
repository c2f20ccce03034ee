import type { HttpMethod } from "@/lib/api/openapi/types";

const tones: Record<HttpMethod, string> = {
  get: "bg-sky-50 text-sky-700 ring-sky-600/20",
  post: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  patch: "bg-amber-50 text-amber-800 ring-amber-600/20",
  delete: "bg-red-50 text-red-700 ring-red-600/20",
};

export function MethodBadge({ method }: { method: HttpMethod }) {
  return (
    <span
      className={`inline-flex w-16 justify-center rounded px-1.5 py-0.5 font-mono text-xs font-semibold uppercase ring-1 ring-inset ${tones[method]}`}
    >
      {method}
    </span>
  );
}
