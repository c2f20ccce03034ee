CREATE TYPE "public"."usage_quota_period" AS ENUM('day', 'month', 'total');--> statement-breakpoint
CREATE TABLE "usage_quota_counters" (
	"key_id" uuid NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"used" bigint NOT NULL,
	CONSTRAINT "usage_quota_counters_key_id_period_start_pk" PRIMARY KEY("key_id","period_start")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "usage_quota" integer;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "usage_quota_period" "usage_quota_period";--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "default_usage_quota" integer;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "default_usage_quota_period" "usage_quota_period";--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "max_usage_quota_per_month" integer;--> statement-breakpoint
ALTER TABLE "usage_quota_counters" ADD CONSTRAINT "usage_quota_counters_key_id_api_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_usage_quota_check" CHECK (("api_keys"."usage_quota" is null) = ("api_keys"."usage_quota_period" is null) and ("api_keys"."usage_quota" is null or "api_keys"."usage_quota" > 0));--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_usage_quota_check" CHECK (("plans"."default_usage_quota" is null) = ("plans"."default_usage_quota_period" is null) and ("plans"."default_usage_quota" is null or "plans"."default_usage_quota" > 0) and ("plans"."max_usage_quota_per_month" is null or "plans"."max_usage_quota_per_month" > 0));--> statement-breakpoint
-- Hand-written (usage quotas): the count of one call, as one function, so that the hot path sends a short statement
-- whose inner statements PL/pgSQL plans once per connection. Counts `p_cost` against the key's quota for the period
-- only while the sum stays within `p_limit` (an atomic conditional upsert: exact across instances); answers the new
-- use, or null and the use as it stands for a refusal. A count that crosses 80 % (`p_warn_at`) or 100 % records
-- key.quota_warning / key.quota_exhausted in the events outbox in the same transaction, once per key and period (the
-- dedupe key), and wakes the dispatchers. Commits asynchronously (see the first statement).
CREATE FUNCTION "usage_quota_take"(
	p_key uuid, p_period_start timestamptz, p_cost integer, p_limit integer, p_warn_at integer,
	p_warning_id uuid, p_exhausted_id uuid, p_now timestamptz, p_period_key text
) RETURNS TABLE ("used" integer, "used_before" integer) LANGUAGE plpgsql AS $$
DECLARE
	v_used integer;
	v_recorded integer := 0;
	v_crossed record;
BEGIN
	-- The call's own transaction need not wait for its WAL to reach the disk: a crash may forget the last fraction of
	-- a second of counts (a few calls not counted), never count one twice nor let the sum pass the limit, and every
	-- call is spared a disk flush while it holds the key's counter row.
	PERFORM set_config('synchronous_commit', 'off', true);
	INSERT INTO usage_quota_counters AS c (key_id, period_start, used)
	SELECT p_key, p_period_start, p_cost WHERE p_cost <= p_limit
	ON CONFLICT (key_id, period_start) DO UPDATE SET used = c.used + excluded.used
		WHERE c.used + excluded.used <= p_limit
	RETURNING c.used INTO v_used;
	IF v_used IS NULL THEN
		-- A statement of its own: it sees the count as it stands now, not as this call's snapshot did.
		RETURN QUERY SELECT NULL::integer, coalesce((SELECT c.used::integer FROM usage_quota_counters c
			WHERE c.key_id = p_key AND c.period_start = p_period_start), 0);
		RETURN;
	END IF;
	IF v_used >= p_warn_at AND v_used - p_cost < p_limit THEN
		FOR v_crossed IN
			SELECT t.type, t.id FROM (VALUES ('key.quota_warning', p_warning_id, p_warn_at),
				('key.quota_exhausted', p_exhausted_id, p_limit)) AS t(type, id, at)
			WHERE v_used - p_cost < t.at AND v_used >= t.at
		LOOP
			INSERT INTO events (id, account_id, key_id, type, occurred_at, data, dedupe_key)
			SELECT v_crossed.id, k.account_id, k.id, v_crossed.type, p_now,
				jsonb_build_object(
					'key', jsonb_build_object(
						'id', k.id, 'name', k.name, 'start', k.start, 'environment', k.environment,
						'scopes', coalesce((SELECT array_agg(s.scope ORDER BY s.scope) FROM api_key_scopes s WHERE s.key_id = k.id), '{}'::text[]),
						'expiresAt', to_char(k.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
					'actor', jsonb_build_object('type', 'system'),
					'quota', jsonb_build_object('limit', p_limit, 'period', k.usage_quota_period,
						'periodStart', p_period_key, 'used', v_used)),
				v_crossed.type || ':' || k.id::text || ':' || p_period_key
			FROM api_keys k WHERE k.id = p_key
			ON CONFLICT (dedupe_key) DO NOTHING;
			IF FOUND THEN v_recorded := v_recorded + 1; END IF;
		END LOOP;
		IF v_recorded > 0 THEN PERFORM pg_notify('latchkey_events', ''); END IF;
	END IF;
	RETURN QUERY SELECT v_used, NULL::integer;
END;
$$;
