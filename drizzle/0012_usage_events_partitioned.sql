-- usage_events becomes a table partitioned by range of "at", one partition per UTC day, so that retention drops a
-- day's partition instead of deleting its rows one by one, and an insert only ever touches the indexes of its own day,
-- which stay the same size however many days the table holds. A default partition takes any event whose day has no
-- partition (an old journal replayed, a clock far off), so that no event is ever refused for its date.
--
-- Postgres cannot turn a table into a partitioned one in place: a new table is made, every row copied, the names
-- swapped. The table is locked for the copy (about a minute per 10 million rows; see the README's "Upgrading").
-- Indexes, the primary key and the foreign key are built after the copy, which is faster than maintaining them row by
-- row. A unique index of a partitioned table must include the partition key: the primary key becomes (id, at), and
-- the event-id index (event_id, at), which still recognises an event replayed from the journal since its line keeps
-- the event's "at".
ALTER TABLE "usage_events" RENAME TO "usage_events_unpartitioned";--> statement-breakpoint
CREATE TABLE "usage_events" (
	"id" bigint DEFAULT nextval('usage_events_id_seq'::regclass) NOT NULL,
	"event_id" uuid,
	"key_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"method" text NOT NULL,
	"route" text NOT NULL,
	"status" smallint NOT NULL,
	"latency_ms" integer NOT NULL,
	"ip" text,
	"user_agent" text,
	"refused" boolean DEFAULT false NOT NULL,
	"outcome" text DEFAULT 'ok' NOT NULL,
	"source" text DEFAULT 'api' NOT NULL,
	"tags" text[],
	"reported_at" timestamp with time zone
) PARTITION BY RANGE ("at");--> statement-breakpoint
CREATE TABLE "usage_events_default" PARTITION OF "usage_events" DEFAULT;--> statement-breakpoint
-- One partition for each UTC day that has events, and for today and the 7 days ahead (the app keeps that window
-- filled from then on: db/queries/usage-partitions.ts names them the same way). Days without events get none: their
-- late events, if any ever come, wait in the default partition.
DO $$
DECLARE
	day date;
BEGIN
	FOR day IN
		SELECT DISTINCT ("at" AT TIME ZONE 'UTC')::date FROM "usage_events_unpartitioned"
		UNION
		SELECT generate_series(0, 7) + (now() AT TIME ZONE 'UTC')::date
		ORDER BY 1
	LOOP
		EXECUTE format(
			'CREATE TABLE %I PARTITION OF "usage_events" FOR VALUES FROM (%L) TO (%L)',
			'usage_events_p' || to_char(day, 'YYYYMMDD'),
			day::text || ' 00:00:00+00',
			(day + 1)::text || ' 00:00:00+00'
		);
	END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "usage_events" ("id", "event_id", "key_id", "account_id", "at", "method", "route", "status", "latency_ms", "ip",
	"user_agent", "refused", "outcome", "source", "tags", "reported_at")
	SELECT "id", "event_id", "key_id", "account_id", "at", "method", "route", "status", "latency_ms", "ip", "user_agent",
		"refused", "outcome", "source", "tags", "reported_at"
	FROM "usage_events_unpartitioned";--> statement-breakpoint
-- The sequence goes on numbering where it was: it belongs to the new table before the old one, which owned it, goes.
ALTER SEQUENCE "usage_events_id_seq" OWNED BY "usage_events"."id";--> statement-breakpoint
DROP TABLE "usage_events_unpartitioned";--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_id_at_pk" PRIMARY KEY("id","at");--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_key_id_api_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_events_key_at_idx" ON "usage_events" USING btree ("key_id","at");--> statement-breakpoint
CREATE INDEX "usage_events_at_idx" ON "usage_events" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_events_event_id_at_idx" ON "usage_events" USING btree ("event_id","at");
