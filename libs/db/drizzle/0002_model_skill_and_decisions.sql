ALTER TABLE "model_versions" ADD COLUMN "skill" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "batch_id" text;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "windows" jsonb;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "promotion" jsonb;--> statement-breakpoint
ALTER TABLE "predictions" ADD COLUMN "skill" text DEFAULT 'none' NOT NULL;