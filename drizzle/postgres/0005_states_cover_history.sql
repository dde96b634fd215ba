CREATE TABLE "_mq_states_cover_history" (
	"dataset" text PRIMARY KEY NOT NULL
);
