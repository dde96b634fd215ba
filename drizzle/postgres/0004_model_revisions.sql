CREATE TABLE "_mq_model_revisions" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"dataset" text NOT NULL,
	"definition" text,
	"action" text NOT NULL,
	"at" text NOT NULL,
	"principal" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "_mq_model_revisions_by_dataset" ON "_mq_model_revisions" USING btree ("dataset","seq");