-- Open challenges (揭榜挂帅 / 赛马制) with their applications, files, scores, panel and milestones;
-- the application-scenario list; members' enquiries on listings; listing attachments; password
-- resets; a per-user e-mail choice. Tables holding fen are STRICT, as in 0004.
-- A match now answers a need or a scenario (exactly one), and a ledger entry belongs to a
-- contract family or, for a challenge's reward, to a challenge (exactly one): both tables are
-- rebuilt as in 0004 (rows copied with their ids, the AUTOINCREMENT counter carried over, the
-- ledger's append-only triggers made again), and the last statements check every foreign key.
CREATE TABLE `challenge_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`challenge_id` integer NOT NULL,
	`org_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`proposal` text NOT NULL,
	`team` text NOT NULL,
	`budget_fen` integer NOT NULL,
	`achievement_id` integer,
	`status` text DEFAULT 'submitted' NOT NULL,
	`submitted_at` text NOT NULL,
	`decided_at` text,
	`award_fen` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`challenge_id`) REFERENCES `challenges`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`achievement_id`) REFERENCES `achievements`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "challenge_applications_budget_ck" CHECK("challenge_applications"."budget_fen" >= 0),
	CONSTRAINT "challenge_applications_award_ck" CHECK("challenge_applications"."award_fen" IS NULL OR "challenge_applications"."award_fen" >= 0)
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `challenge_applications_org_uq` ON `challenge_applications` (`challenge_id`,`org_id`);--> statement-breakpoint
CREATE INDEX `challenge_applications_org_idx` ON `challenge_applications` (`org_id`);--> statement-breakpoint
CREATE TABLE `challenge_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`uploaded_by` integer NOT NULL,
	`display_name` text NOT NULL,
	`stored_name` text NOT NULL,
	`mime` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `challenge_applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `challenge_files_application_idx` ON `challenge_files` (`application_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `challenge_files_stored_uq` ON `challenge_files` (`stored_name`);--> statement-breakpoint
CREATE TABLE `challenge_milestones` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`challenge_id` integer NOT NULL,
	`application_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`title` text NOT NULL,
	`due_on` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`accepted_at` text,
	`accepted_by` integer,
	`accept_note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`challenge_id`) REFERENCES `challenges`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `challenge_applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`accepted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "challenge_milestones_amount_ck" CHECK("challenge_milestones"."amount_fen" > 0)
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `challenge_milestones_seq_uq` ON `challenge_milestones` (`application_id`,`seq`);--> statement-breakpoint
CREATE INDEX `challenge_milestones_challenge_idx` ON `challenge_milestones` (`challenge_id`);--> statement-breakpoint
CREATE TABLE `challenge_panel` (
	`challenge_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`added_by` integer NOT NULL,
	`added_at` text NOT NULL,
	PRIMARY KEY(`challenge_id`, `user_id`),
	FOREIGN KEY (`challenge_id`) REFERENCES `challenges`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `challenge_scores` (
	`application_id` integer NOT NULL,
	`scorer_user_id` integer NOT NULL,
	`criterion` integer NOT NULL,
	`score` integer NOT NULL,
	`note` text,
	`scored_at` text NOT NULL,
	PRIMARY KEY(`application_id`, `scorer_user_id`, `criterion`),
	FOREIGN KEY (`application_id`) REFERENCES `challenge_applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scorer_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "challenge_scores_score_ck" CHECK("challenge_scores"."score" BETWEEN 0 AND 100),
	CONSTRAINT "challenge_scores_criterion_ck" CHECK("challenge_scores"."criterion" >= 0)
) STRICT;
--> statement-breakpoint
CREATE TABLE `challenges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`need_id` integer,
	`title` text NOT NULL,
	`problem` text NOT NULL,
	`indicators` text NOT NULL,
	`industry_chain_id` text NOT NULL,
	`tech_field_code` text NOT NULL,
	`county_code` text NOT NULL,
	`reward_fen` integer NOT NULL,
	`payout` text NOT NULL,
	`mode` text DEFAULT 'single' NOT NULL,
	`teams` integer DEFAULT 1 NOT NULL,
	`opens_at` text NOT NULL,
	`closes_at` text NOT NULL,
	`deliver_by` text NOT NULL,
	`qualifications` text NOT NULL,
	`criteria` text NOT NULL,
	`acceptance` text NOT NULL,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`contact_email` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`review_note` text,
	`reviewed_by` integer,
	`submitted_at` text,
	`published_at` text,
	`closed_at` text,
	`shortlisted_at` text,
	`awarded_at` text,
	`accepted_at` text,
	`paid_at` text,
	`cancelled_at` text,
	`cancelled_by` integer,
	`cancel_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`industry_chain_id`) REFERENCES `industry_chains`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tech_field_code`) REFERENCES `tech_fields`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`county_code`) REFERENCES `counties`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "challenges_reward_ck" CHECK("challenges"."reward_fen" >= 0),
	CONSTRAINT "challenges_teams_ck" CHECK("challenges"."teams" >= 1),
	CONSTRAINT "challenges_window_ck" CHECK("challenges"."closes_at" > "challenges"."opens_at")
) STRICT;
--> statement-breakpoint
CREATE INDEX `challenges_status_idx` ON `challenges` (`status`,`closes_at`);--> statement-breakpoint
CREATE INDEX `challenges_org_idx` ON `challenges` (`org_id`);--> statement-breakpoint
CREATE TABLE `enquiries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`subject_id` integer NOT NULL,
	`owner_org_id` integer NOT NULL,
	`from_org_id` integer NOT NULL,
	`from_user_id` integer NOT NULL,
	`reason` text NOT NULL,
	`message` text NOT NULL,
	`achievement_id` integer,
	`requested_at` text NOT NULL,
	`code` text,
	`note` text,
	`responded_at` text,
	`responded_by` integer,
	FOREIGN KEY (`owner_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`achievement_id`) REFERENCES `achievements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `enquiries_subject_idx` ON `enquiries` (`subject`,`subject_id`);--> statement-breakpoint
CREATE INDEX `enquiries_owner_idx` ON `enquiries` (`owner_org_id`,`responded_at`);--> statement-breakpoint
CREATE INDEX `enquiries_from_idx` ON `enquiries` (`from_org_id`);--> statement-breakpoint
CREATE TABLE `listing_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`subject_id` integer NOT NULL,
	`uploaded_by` integer NOT NULL,
	`display_name` text NOT NULL,
	`stored_name` text NOT NULL,
	`mime` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`removed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `listing_attachments_subject_idx` ON `listing_attachments` (`subject`,`subject_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `listing_attachments_stored_uq` ON `listing_attachments` (`stored_name`);--> statement-breakpoint
CREATE TABLE `password_resets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `password_resets_token_uq` ON `password_resets` (`token_hash`);--> statement-breakpoint
CREATE INDEX `password_resets_user_idx` ON `password_resets` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `scenario_dismissals` (
	`scenario_id` integer NOT NULL,
	`achievement_id` integer NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`dismissed_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`scenario_id`, `achievement_id`),
	FOREIGN KEY (`scenario_id`) REFERENCES `scenarios`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`achievement_id`) REFERENCES `achievements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dismissed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `scenarios` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`tech_wanted` text NOT NULL,
	`resources` text NOT NULL,
	`conditions` text NOT NULL,
	`site` text NOT NULL,
	`county_code` text NOT NULL,
	`industry_chain_id` text NOT NULL,
	`tech_field_code` text NOT NULL,
	`kind` text NOT NULL,
	`grade` text NOT NULL,
	`subsidy_cap_fen` integer,
	`investment_fen` integer,
	`opens_on` text NOT NULL,
	`closes_on` text NOT NULL,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`contact_email` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`list_year` integer,
	`review_note` text,
	`reviewed_by` integer,
	`submitted_at` text,
	`published_at` text,
	`closed_at` text,
	`outcome` text DEFAULT 'none' NOT NULL,
	`pilot_started_on` text,
	`pilot_result` text,
	`follow_on_contract_id` integer,
	`outcome_recorded_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`county_code`) REFERENCES `counties`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`industry_chain_id`) REFERENCES `industry_chains`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tech_field_code`) REFERENCES `tech_fields`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`follow_on_contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "scenarios_subsidy_ck" CHECK("scenarios"."subsidy_cap_fen" IS NULL OR "scenarios"."subsidy_cap_fen" >= 0),
	CONSTRAINT "scenarios_investment_ck" CHECK("scenarios"."investment_fen" IS NULL OR "scenarios"."investment_fen" >= 0),
	CONSTRAINT "scenarios_period_ck" CHECK("scenarios"."closes_on" >= "scenarios"."opens_on")
) STRICT;
--> statement-breakpoint
CREATE INDEX `scenarios_status_idx` ON `scenarios` (`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `scenarios_year_idx` ON `scenarios` (`list_year`);--> statement-breakpoint
CREATE INDEX `scenarios_org_idx` ON `scenarios` (`org_id`);--> statement-breakpoint
CREATE TABLE `__new_ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`contract_id` integer,
	`challenge_id` integer,
	`challenge_milestone_id` integer,
	`milestone_id` integer,
	`amount_fen` integer NOT NULL,
	`currency` text DEFAULT 'CNY' NOT NULL,
	`source` text NOT NULL,
	`source_ref` text NOT NULL,
	`beneficiary_org_id` integer,
	`beneficiary_user_id` integer,
	`effective_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`created_by` integer,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`challenge_id`) REFERENCES `challenges`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`challenge_milestone_id`) REFERENCES `challenge_milestones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`milestone_id`) REFERENCES `payment_milestones`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`beneficiary_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`beneficiary_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ledger_entries_amount_ck" CHECK("__new_ledger_entries"."amount_fen" > 0),
	CONSTRAINT "ledger_entries_currency_ck" CHECK(length("__new_ledger_entries"."currency") = 3 AND "__new_ledger_entries"."currency" = upper("__new_ledger_entries"."currency")),
	CONSTRAINT "ledger_entries_subject_ck" CHECK(("__new_ledger_entries"."contract_id" IS NULL) <> ("__new_ledger_entries"."challenge_id" IS NULL))
) STRICT;
--> statement-breakpoint
INSERT INTO `__new_ledger_entries`("id", "kind", "contract_id", "challenge_id", "challenge_milestone_id", "milestone_id", "amount_fen", "currency", "source", "source_ref", "beneficiary_org_id", "beneficiary_user_id", "effective_at", "created_at", "created_by") SELECT "id", "kind", "contract_id", NULL, NULL, "milestone_id", "amount_fen", "currency", "source", "source_ref", "beneficiary_org_id", "beneficiary_user_id", "effective_at", "created_at", "created_by" FROM `ledger_entries`;--> statement-breakpoint
DELETE FROM sqlite_sequence WHERE name = '__new_ledger_entries';--> statement-breakpoint
INSERT INTO sqlite_sequence (name, seq) SELECT '__new_ledger_entries', seq FROM sqlite_sequence WHERE name = 'ledger_entries';--> statement-breakpoint
DROP TABLE `ledger_entries`;--> statement-breakpoint
ALTER TABLE `__new_ledger_entries` RENAME TO `ledger_entries`;--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_source_uq` ON `ledger_entries` (`source`,`kind`,`source_ref`);--> statement-breakpoint
CREATE INDEX `ledger_entries_contract_idx` ON `ledger_entries` (`contract_id`,`kind`);--> statement-breakpoint
CREATE INDEX `ledger_entries_milestone_idx` ON `ledger_entries` (`milestone_id`);--> statement-breakpoint
CREATE INDEX `ledger_entries_challenge_idx` ON `ledger_entries` (`challenge_id`);--> statement-breakpoint
-- The ledger stays history: dropping the old table dropped its triggers, so they are made again.
CREATE TRIGGER `ledger_entries_no_update` BEFORE UPDATE ON `ledger_entries`
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_entries_no_delete` BEFORE DELETE ON `ledger_entries`
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
--> statement-breakpoint
CREATE TABLE `__new_matches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`need_id` integer,
	`scenario_id` integer,
	`achievement_id` integer NOT NULL,
	`broker_user_id` integer,
	`stage` text DEFAULT 'suggested' NOT NULL,
	`score` integer DEFAULT 0 NOT NULL,
	`explanation` text,
	`source` text DEFAULT 'engine' NOT NULL,
	`dismiss_reason` text,
	`dismiss_note` text,
	`stage_changed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scenario_id`) REFERENCES `scenarios`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`achievement_id`) REFERENCES `achievements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`broker_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "matches_subject_ck" CHECK(("__new_matches"."need_id" IS NULL) <> ("__new_matches"."scenario_id" IS NULL))
);
--> statement-breakpoint
INSERT INTO `__new_matches`("id", "need_id", "scenario_id", "achievement_id", "broker_user_id", "stage", "score", "explanation", "source", "dismiss_reason", "dismiss_note", "stage_changed_at", "created_at", "updated_at") SELECT "id", "need_id", NULL, "achievement_id", "broker_user_id", "stage", "score", "explanation", "source", "dismiss_reason", "dismiss_note", "stage_changed_at", "created_at", "updated_at" FROM `matches`;--> statement-breakpoint
DELETE FROM sqlite_sequence WHERE name = '__new_matches';--> statement-breakpoint
INSERT INTO sqlite_sequence (name, seq) SELECT '__new_matches', seq FROM sqlite_sequence WHERE name = 'matches';--> statement-breakpoint
DROP TABLE `matches`;--> statement-breakpoint
ALTER TABLE `__new_matches` RENAME TO `matches`;--> statement-breakpoint
CREATE UNIQUE INDEX `matches_pair_uq` ON `matches` (`need_id`,`achievement_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `matches_scenario_pair_uq` ON `matches` (`scenario_id`,`achievement_id`);--> statement-breakpoint
CREATE INDEX `matches_broker_idx` ON `matches` (`broker_user_id`,`stage`);--> statement-breakpoint
ALTER TABLE `users` ADD `email_notifications` integer DEFAULT true NOT NULL;--> statement-breakpoint
CREATE TEMP TABLE `_challenges_fk_check` (`violations` integer NOT NULL CHECK (`violations` = 0));--> statement-breakpoint
INSERT INTO `_challenges_fk_check` SELECT count(*) FROM pragma_foreign_key_check;--> statement-breakpoint
DROP TABLE `_challenges_fk_check`;
