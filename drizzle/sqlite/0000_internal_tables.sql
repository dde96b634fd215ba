CREATE TABLE `_mq_batch_datasets` (
	`dataset` text NOT NULL,
	`batch_seq` integer NOT NULL,
	PRIMARY KEY(`dataset`, `batch_seq`)
);
--> statement-breakpoint
CREATE INDEX `_mq_batch_datasets_by_batch` ON `_mq_batch_datasets` (`batch_seq`);--> statement-breakpoint
CREATE TABLE `_mq_batches` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`received_at` text NOT NULL,
	`receipt` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `_mq_batches_id_unique` ON `_mq_batches` (`id`);--> statement-breakpoint
CREATE INDEX `_mq_batches_by_received_at` ON `_mq_batches` (`received_at`);--> statement-breakpoint
CREATE TABLE `_mq_models` (
	`dataset` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`definition` text NOT NULL,
	`loaded_at` text NOT NULL
);
