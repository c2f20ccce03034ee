CREATE TABLE "usage_reports" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"status" smallint NOT NULL,
	"latency_ms" integer NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "source" text DEFAULT 'api' NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "tags" text[];--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "reported_at" timestamp with time zone;--> statement-breakpoint
-- Verifications recorded before sources were kept: the platform's own path (never one of Latchkey's /api/), or the
-- method VERIFY when the platform did not say.
UPDATE "usage_events" SET "source" = 'verify' WHERE "method" = 'VERIFY' OR "route" NOT LIKE '/api/%';--> statement-breakpoint
-- Events recorded before outcomes were kept (0007 gave them all "ok"): their outcome as well as their status tells it.
-- A refused 403 of that time may have been a missing scope or an address off the allowlist; it says "refused".
UPDATE "usage_events" SET "outcome" = CASE
	WHEN "refused" AND "status" = 401 THEN 'invalid_key'
	WHEN "refused" AND "status" = 429 THEN 'rate_limited'
	WHEN "refused" THEN 'refused'
	ELSE 'failed' END
WHERE "outcome" = 'ok' AND ("refused" OR "status" >= 400);--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD COLUMN "outcome" text;--> statement-breakpoint
UPDATE "usage_rollups" SET "outcome" = CASE
	WHEN "refused" AND "status" = 401 THEN 'invalid_key'
	WHEN "refused" AND "status" = 429 THEN 'rate_limited'
	WHEN "refused" THEN 'refused'
	WHEN "status" >= 400 THEN 'failed'
	ELSE 'ok' END;--> statement-breakpoint
ALTER TABLE "usage_rollups" ALTER COLUMN "outcome" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD COLUMN "source" text DEFAULT 'api' NOT NULL;--> statement-breakpoint
UPDATE "usage_rollups" SET "source" = 'verify'
WHERE split_part("route", ' ', 1) = 'VERIFY' OR split_part("route", ' ', 2) NOT LIKE '/api/%';--> statement-breakpoint
ALTER TABLE "usage_rollups" DROP CONSTRAINT "usage_rollups_key_id_day_route_status_refused_pk";--> statement-breakpoint
ALTER TABLE "usage_rollups" ADD CONSTRAINT "usage_rollups_key_id_day_route_status_refused_outcome_source_pk" PRIMARY KEY("key_id","day","route","status","refused","outcome","source");
