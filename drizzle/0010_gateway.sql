CREATE TABLE "gateway_routes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"method" text NOT NULL,
	"path_pattern" text NOT NULL,
	"required_scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"cost" integer DEFAULT 1 NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gateway_routes_cost_check" CHECK ("gateway_routes"."cost" between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "gateway_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"base_url" text NOT NULL,
	"timeout_ms" integer DEFAULT 10000 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"signing_secret_version" integer DEFAULT 1 NOT NULL,
	"previous_secret_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gateway_services_timeout_check" CHECK ("gateway_services"."timeout_ms" between 100 and 300000)
);
--> statement-breakpoint
ALTER TABLE "gateway_routes" ADD CONSTRAINT "gateway_routes_service_id_gateway_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."gateway_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gateway_routes_service_position_idx" ON "gateway_routes" USING btree ("service_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_services_slug_idx" ON "gateway_services" USING btree ("slug");