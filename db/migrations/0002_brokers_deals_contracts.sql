CREATE TABLE `brokers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`org_id` integer NOT NULL,
	`certificate_no` text NOT NULL,
	`grade` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_until` text NOT NULL,
	`chains` text NOT NULL,
	`cohort` text,
	`bio` text,
	`status` text DEFAULT 'applied' NOT NULL,
	`status_note` text,
	`decided_by` integer,
	`decided_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `brokers_user_uq` ON `brokers` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `brokers_certificate_uq` ON `brokers` (`certificate_no`);--> statement-breakpoint
CREATE INDEX `brokers_status_idx` ON `brokers` (`status`);--> statement-breakpoint
CREATE TABLE `contracts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`family_id` integer,
	`amends_id` integer,
	`amendment_no` integer DEFAULT 0 NOT NULL,
	`superseded_at` text,
	`match_id` integer,
	`broker_user_id` integer,
	`title` text NOT NULL,
	`type` text NOT NULL,
	`sub_type` text NOT NULL,
	`buyer_name` text NOT NULL,
	`buyer_credit_code` text NOT NULL,
	`buyer_division` text NOT NULL,
	`buyer_org_id` integer,
	`seller_name` text NOT NULL,
	`seller_credit_code` text NOT NULL,
	`seller_division` text NOT NULL,
	`seller_org_id` integer,
	`contract_value_fen` integer NOT NULL,
	`tech_value_fen` integer NOT NULL,
	`signed_on` text NOT NULL,
	`term_start` text NOT NULL,
	`term_end` text NOT NULL,
	`payment_mode` text NOT NULL,
	`milestones` text NOT NULL,
	`related_party` integer DEFAULT false NOT NULL,
	`contract_field_code` text NOT NULL,
	`industry_chain_id` text,
	`ip_types` text NOT NULL,
	`commission_rate_bp` integer,
	`commission_fixed_fen` integer,
	`file_id` integer,
	`status` text DEFAULT 'draft' NOT NULL,
	`registration_no` text,
	`registered_at` text,
	`registered_by` integer,
	`registration_year` integer,
	`return_reason` text,
	`submitted_at` text,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`broker_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`seller_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contract_field_code`) REFERENCES `tech_fields`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`industry_chain_id`) REFERENCES `industry_chains`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `deal_files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "contracts_value_ck" CHECK("contracts"."contract_value_fen" > 0),
	CONSTRAINT "contracts_tech_value_ck" CHECK("contracts"."tech_value_fen" >= 0 AND "contracts"."tech_value_fen" <= "contracts"."contract_value_fen"),
	CONSTRAINT "contracts_commission_ck" CHECK(("contracts"."commission_rate_bp" IS NULL OR "contracts"."commission_rate_bp" BETWEEN 0 AND 10000) AND ("contracts"."commission_fixed_fen" IS NULL OR "contracts"."commission_fixed_fen" >= 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contracts_registration_no_uq` ON `contracts` (`registration_no`);--> statement-breakpoint
CREATE INDEX `contracts_status_idx` ON `contracts` (`status`,`superseded_at`);--> statement-breakpoint
CREATE INDEX `contracts_family_idx` ON `contracts` (`family_id`);--> statement-breakpoint
CREATE INDEX `contracts_broker_idx` ON `contracts` (`broker_user_id`);--> statement-breakpoint
CREATE TABLE `deal_confirmations` (
	`match_id` integer NOT NULL,
	`side` text NOT NULL,
	`org_id` integer NOT NULL,
	`confirmed_by` integer NOT NULL,
	`confirmed_at` text NOT NULL,
	PRIMARY KEY(`match_id`, `side`),
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `deal_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`match_id` integer NOT NULL,
	`actor_user_id` integer,
	`kind` text NOT NULL,
	`body` text,
	`from_stage` text,
	`to_stage` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deal_events_match_idx` ON `deal_events` (`match_id`,`id`);--> statement-breakpoint
CREATE TABLE `deal_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`match_id` integer NOT NULL,
	`uploaded_by` integer NOT NULL,
	`display_name` text NOT NULL,
	`stored_name` text NOT NULL,
	`mime` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deal_files_match_idx` ON `deal_files` (`match_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `deal_files_stored_uq` ON `deal_files` (`stored_name`);--> statement-breakpoint
CREATE TABLE `deal_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`match_id` integer NOT NULL,
	`org_id` integer NOT NULL,
	`side` text NOT NULL,
	`subject` text NOT NULL,
	`requested_at` text NOT NULL,
	`requested_by` integer,
	`code` text,
	`note` text,
	`responded_at` text,
	`responded_by` integer,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deal_responses_match_idx` ON `deal_responses` (`match_id`);--> statement-breakpoint
CREATE INDEX `deal_responses_org_idx` ON `deal_responses` (`org_id`,`responded_at`);--> statement-breakpoint
CREATE TABLE `matches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`need_id` integer NOT NULL,
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
	FOREIGN KEY (`achievement_id`) REFERENCES `achievements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`broker_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `matches_pair_uq` ON `matches` (`need_id`,`achievement_id`);--> statement-breakpoint
CREATE INDEX `matches_broker_idx` ON `matches` (`broker_user_id`,`stage`);--> statement-breakpoint
CREATE TABLE `need_claims` (
	`need_id` integer PRIMARY KEY NOT NULL,
	`broker_user_id` integer NOT NULL,
	`claimed_at` text NOT NULL,
	`assigned_by` integer,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`broker_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `need_claims_broker_idx` ON `need_claims` (`broker_user_id`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`params` text NOT NULL,
	`link` text,
	`dedupe_key` text,
	`read_at` text,
	`emailed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_dedupe_uq` ON `notifications` (`user_id`,`dedupe_key`);--> statement-breakpoint
CREATE TABLE `reward_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`year` integer NOT NULL,
	`rate_bp` integer NOT NULL,
	`base` text NOT NULL,
	`cap_per_broker_year_fen` integer,
	`require_need_before_signing` integer DEFAULT true NOT NULL,
	`source` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`updated_by` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
