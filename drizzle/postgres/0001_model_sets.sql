CREATE TABLE "_mq_model_sets" (
	"generation" bigserial PRIMARY KEY NOT NULL,
	"datasets" text NOT NULL,
	"digest" text NOT NULL,
	"loaded_at" text NOT NULL
);
