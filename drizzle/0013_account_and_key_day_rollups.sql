CREATE TABLE "usage_account_rollups" (
	"account_id" uuid NOT NULL,
	"day" date NOT NULL,
	"route" text NOT NULL,
	"status" smallint NOT NULL,
	"refused" boolean DEFAULT false NOT NULL,
	"outcome" text NOT NULL,
	"source" text DEFAULT 'api' NOT NULL,
	"requests" integer NOT NULL,
	"latency_sum_ms" bigint NOT NULL,
	"latency_buckets" integer[] NOT NULL,
	CONSTRAINT "usage_account_rollups_pk" PRIMARY KEY("account_id","day","route","status","refused","outcome","source")
);
--> statement-breakpoint
CREATE TABLE "usage_key_days" (
	"key_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"day" date NOT NULL,
	"requests" integer NOT NULL,
	"errors" integer NOT NULL,
	"refused" integer NOT NULL,
	CONSTRAINT "usage_key_days_key_id_day_pk" PRIMARY KEY("key_id","day")
);
--> statement-breakpoint
ALTER TABLE "usage_key_days" ADD CONSTRAINT "usage_key_days_key_id_api_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_account_rollups_day_idx" ON "usage_account_rollups" USING btree ("day");--> statement-breakpoint
CREATE INDEX "usage_key_days_account_day_idx" ON "usage_key_days" USING btree ("account_id","day","key_id","requests","errors","refused");--> statement-breakpoint
CREATE INDEX "usage_key_days_day_idx" ON "usage_key_days" USING btree ("day");--> statement-breakpoint
-- Backfill from the key rollups, summed as the writer sums them from now on (db/queries/usage-rollup-writes.ts). The
-- histograms are added position by position: each is unnested with its positions and summed per position.
WITH "totals" AS (
	SELECT "account_id", "day", "route", "status", "refused", "outcome", "source",
		sum("requests")::int AS "requests", sum("latency_sum_ms")::bigint AS "latency_sum_ms"
	FROM "usage_rollups" GROUP BY 1, 2, 3, 4, 5, 6, 7
), "positions" AS (
	SELECT r."account_id", r."day", r."route", r."status", r."refused", r."outcome", r."source", b."i", sum(b."n")::int AS "n"
	FROM "usage_rollups" r CROSS JOIN LATERAL unnest(r."latency_buckets") WITH ORDINALITY AS b("n", "i")
	GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
), "histograms" AS (
	SELECT "account_id", "day", "route", "status", "refused", "outcome", "source", array_agg("n" ORDER BY "i") AS "latency_buckets"
	FROM "positions" GROUP BY 1, 2, 3, 4, 5, 6, 7
)
INSERT INTO "usage_account_rollups" ("account_id", "day", "route", "status", "refused", "outcome", "source", "requests",
	"latency_sum_ms", "latency_buckets")
SELECT t."account_id", t."day", t."route", t."status", t."refused", t."outcome", t."source", t."requests", t."latency_sum_ms",
	h."latency_buckets"
FROM "totals" t JOIN "histograms" h USING ("account_id", "day", "route", "status", "refused", "outcome", "source");
--> statement-breakpoint
INSERT INTO "usage_key_days" ("key_id", "account_id", "day", "requests", "errors", "refused")
SELECT "key_id", "account_id", "day",
	coalesce(sum("requests") FILTER (WHERE NOT "refused"), 0)::int,
	coalesce(sum("requests") FILTER (WHERE NOT "refused" AND "status" >= 400), 0)::int,
	coalesce(sum("requests") FILTER (WHERE "refused"), 0)::int
FROM "usage_rollups" GROUP BY "key_id", "account_id", "day";
