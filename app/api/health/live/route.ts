// Liveness: the process answers HTTP. It checks nothing else, so it is also the benchmark's baseline for what the
// framework alone costs per request.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
