CREATE TABLE "_mq_batch_datasets" (
	"dataset" text NOT NULL,
	"batch_seq" bigint NOT NULL,
	CONSTRAINT "_mq_batch_datasets_dataset_batch_seq_pk" PRIMARY KEY("dataset","batch_seq")
);
--> statement-breakpoint
CREATE TABLE "_mq_batches" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" text NOT NULL,
	"received_at" text NOT NULL,
	"receipt" text NOT NULL,
	CONSTRAINT "_mq_batches_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "_mq_models" (
	"dataset" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"definition" text NOT NULL,
	"loaded_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "_mq_purges" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"dataset" text NOT NULL,
	"key_digest" text NOT NULL,
	"state" text NOT NULL,
	"history_entries" bigint NOT NULL,
	"reason" text NOT NULL,
	"at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "_mq_quarantine_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"dataset" text NOT NULL,
	"quarantine_id" bigint NOT NULL,
	"action" text NOT NULL,
	"batch_id" text,
	"reason" text,
	"payload" text NOT NULL,
	"code" text NOT NULL,
	"at" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "_mq_batch_datasets_by_batch" ON "_mq_batch_datasets" USING btree ("batch_seq");--> statement-breakpoint
CREATE INDEX "_mq_batches_by_received_at" ON "_mq_batches" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "_mq_purges_by_key" ON "_mq_purges" USING btree ("dataset","key_digest");--> statement-breakpoint
CREATE INDEX "_mq_quarantine_log_by_dataset" ON "_mq_quarantine_log" USING btree ("dataset","quarantine_id");