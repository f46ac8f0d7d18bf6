CREATE TABLE "bars" (
	"symbol" text NOT NULL,
	"interval" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"open" double precision NOT NULL,
	"high" double precision NOT NULL,
	"low" double precision NOT NULL,
	"close" double precision NOT NULL,
	"adj_close" double precision,
	"volume" double precision NOT NULL,
	"source" text NOT NULL,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bars_symbol_interval_ts_pk" PRIMARY KEY("symbol","interval","ts")
);
--> statement-breakpoint
CREATE TABLE "corporate_actions" (
	"symbol" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"value" double precision NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "corporate_actions_symbol_ts_kind_pk" PRIMARY KEY("symbol","ts","kind")
);
--> statement-breakpoint
CREATE TABLE "drift_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"batch_id" text NOT NULL,
	"model_version_id" integer NOT NULL,
	"share_drifted" double precision NOT NULL,
	"drifted" boolean NOT NULL,
	"features" jsonb NOT NULL,
	"retrain_job_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feature_batches" (
	"id" text PRIMARY KEY NOT NULL,
	"feature_set_hash" text NOT NULL,
	"feature_set_name" text NOT NULL,
	"symbols" text[] NOT NULL,
	"start_ts" timestamp with time zone NOT NULL,
	"end_ts" timestamp with time zone NOT NULL,
	"rows" integer NOT NULL,
	"content_hash" text NOT NULL,
	"object_key" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feature_sets" (
	"hash" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "instruments" (
	"symbol" text PRIMARY KEY NOT NULL,
	"name" text,
	"exchange" text,
	"instrument_type" text,
	"currency" text,
	"timezone" text,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"source" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_alias_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"alias" text NOT NULL,
	"version_id" integer NOT NULL,
	"previous_version_id" integer,
	"actor" text NOT NULL,
	"reason" text NOT NULL,
	"metrics" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_aliases" (
	"alias" text PRIMARY KEY NOT NULL,
	"version_id" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"model_kind" text NOT NULL,
	"feature_set_hash" text NOT NULL,
	"artifact_prefix" text NOT NULL,
	"validation_metrics" jsonb NOT NULL,
	"test_metrics" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "news_items" (
	"id" text PRIMARY KEY NOT NULL,
	"feed" text NOT NULL,
	"guid" text,
	"link" text,
	"title" text NOT NULL,
	"summary" text,
	"published_at" timestamp with time zone NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"symbols" text[] DEFAULT '{}'::text[] NOT NULL,
	"sentiment_score" double precision NOT NULL,
	"sentiment_words" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "predictions" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_version_id" integer NOT NULL,
	"symbol" text NOT NULL,
	"feature_ts" timestamp with time zone NOT NULL,
	"batch_id" text NOT NULL,
	"probability_up" double precision NOT NULL,
	"stale" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_metrics" (
	"run_id" text NOT NULL,
	"key" text NOT NULL,
	"step" integer DEFAULT -1 NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "run_metrics_run_id_key_step_pk" PRIMARY KEY("run_id","key","step")
);
--> statement-breakpoint
CREATE TABLE "run_params" (
	"run_id" text NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	CONSTRAINT "run_params_run_id_key_pk" PRIMARY KEY("run_id","key")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" text PRIMARY KEY NOT NULL,
	"batch_id" text NOT NULL,
	"feature_set_hash" text NOT NULL,
	"mode" text NOT NULL,
	"model_kind" text,
	"backend" text,
	"code_version" text,
	"seed" integer NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"error" text,
	"job_id" text,
	"worker" text,
	"suspected_leak" boolean DEFAULT false NOT NULL,
	"artifact_prefix" text,
	"summary" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sentiment_daily" (
	"symbol" text NOT NULL,
	"session" date NOT NULL,
	"count" integer NOT NULL,
	"mean" double precision NOT NULL,
	"share_positive" double precision NOT NULL,
	"share_negative" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sentiment_daily_symbol_session_pk" PRIMARY KEY("symbol","session")
);
--> statement-breakpoint
CREATE TABLE "studies" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"mode" text NOT NULL,
	"budget" integer NOT NULL,
	"seed" integer NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "trials" (
	"study_id" text NOT NULL,
	"number" integer NOT NULL,
	"params" jsonb NOT NULL,
	"status" text NOT NULL,
	"value" double precision,
	"curve" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"duration_ms" integer,
	"worker" text,
	"attempts" integer DEFAULT 1 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "trials_study_id_number_pk" PRIMARY KEY("study_id","number")
);
--> statement-breakpoint
ALTER TABLE "run_metrics" ADD CONSTRAINT "run_metrics_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_params" ADD CONSTRAINT "run_params_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trials" ADD CONSTRAINT "trials_study_id_studies_id_fk" FOREIGN KEY ("study_id") REFERENCES "public"."studies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_run_idx" ON "model_versions" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "news_items_published_idx" ON "news_items" USING btree ("published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "predictions_unique_idx" ON "predictions" USING btree ("model_version_id","symbol","feature_ts");--> statement-breakpoint
CREATE INDEX "runs_started_idx" ON "runs" USING btree ("started_at");