import { pipeline, Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { logger } from "@/lib/infra/logger";

/**
 * A CSV download streamed while its rows are read, so a long export never sits in memory. Cells a spreadsheet would
 * run as a formula are escaped (names and user agents are caller-chosen text). `pipeline`, not `pipe`: a read that
 * fails ends the download with an error instead of leaving it hanging.
 */
export function csvResponse({
  filename,
  columns,
  rows,
}: {
  filename: string;
  columns: readonly string[];
  rows: AsyncIterable<readonly unknown[]>;
}): Response {
  const csv = stringify({ header: true, columns: [...columns], escape_formulas: true });
  pipeline(Readable.from(rows), csv, (error) => {
    if (error) logger.error({ err: error, filename }, "CSV export failed");
  });
  return new Response(Readable.toWeb(csv) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
