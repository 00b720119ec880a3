CREATE TABLE `achievements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`keywords` text NOT NULL,
	`industry_chain_id` text NOT NULL,
	`tech_field_code` text NOT NULL,
	`trl` integer NOT NULL,
	`ip_type` text NOT NULL,
	`patent_numbers` text NOT NULL,
	`transfer_modes` text NOT NULL,
	`price_fen` integer,
	`owners` text NOT NULL,
	`county_code` text,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`contact_email` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`transformation_list_year` integer,
	`transformation_listed_at` text,
	`review_note` text,
	`reviewed_by` integer,
	`submitted_at` text,
	`published_at` text,
	`confirmed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`industry_chain_id`) REFERENCES `industry_chains`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tech_field_code`) REFERENCES `tech_fields`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`county_code`) REFERENCES `counties`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "achievements_price_ck" CHECK("achievements"."price_fen" IS NULL OR "achievements"."price_fen" >= 0),
	CONSTRAINT "achievements_trl_ck" CHECK("achievements"."trl" BETWEEN 1 AND 9)
);
--> statement-breakpoint
CREATE INDEX `achievements_status_idx` ON `achievements` (`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `achievements_org_idx` ON `achievements` (`org_id`);--> statement-breakpoint
CREATE INDEX `achievements_tlist_idx` ON `achievements` (`transformation_list_year`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_user_id` integer,
	`actor_role` text,
	`actor_org_id` integer,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`before` text,
	`after` text,
	`request_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_events` (`entity`,`entity_id`,`id`);--> statement-breakpoint
CREATE TABLE `counties` (
	`code` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `industry_chains` (
	`id` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `match_dismissals` (
	`need_id` integer NOT NULL,
	`achievement_id` integer NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`dismissed_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`need_id`, `achievement_id`),
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`achievement_id`) REFERENCES `achievements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dismissed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `needs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`industry_chain_id` text NOT NULL,
	`tech_field_code` text NOT NULL,
	`budget_min_fen` integer,
	`budget_max_fen` integer,
	`cooperation_modes` text NOT NULL,
	`expected_trl` integer NOT NULL,
	`deadline` text NOT NULL,
	`county_code` text NOT NULL,
	`contact_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`contact_email` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`list_year` integer,
	`review_note` text,
	`reviewed_by` integer,
	`submitted_at` text,
	`published_at` text,
	`confirmed_at` text,
	`closed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`industry_chain_id`) REFERENCES `industry_chains`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tech_field_code`) REFERENCES `tech_fields`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`county_code`) REFERENCES `counties`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "needs_budget_min_ck" CHECK("needs"."budget_min_fen" IS NULL OR "needs"."budget_min_fen" >= 0),
	CONSTRAINT "needs_budget_range_ck" CHECK("needs"."budget_max_fen" IS NULL OR "needs"."budget_min_fen" IS NULL OR "needs"."budget_max_fen" >= "needs"."budget_min_fen"),
	CONSTRAINT "needs_trl_ck" CHECK("needs"."expected_trl" BETWEEN 1 AND 9)
);
--> statement-breakpoint
CREATE INDEX `needs_status_idx` ON `needs` (`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `needs_org_idx` ON `needs` (`org_id`);--> statement-breakpoint
CREATE INDEX `needs_year_idx` ON `needs` (`list_year`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`kind` text NOT NULL,
	`credit_code` text NOT NULL,
	`credit_code_override_by` integer,
	`county_code` text,
	`address` text,
	`website` text,
	`verified_at` text,
	`verified_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`county_code`) REFERENCES `counties`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_credit_code_uq` ON `organisations` (`credit_code`);--> statement-breakpoint
CREATE TABLE `policy_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_by` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `policy_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator` text NOT NULL,
	`year` integer NOT NULL,
	`target_value` integer NOT NULL,
	`source` text NOT NULL,
	`updated_by` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `policy_targets_uq` ON `policy_targets` (`indicator`,`year`);--> statement-breakpoint
CREATE TABLE `search_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`op` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`done_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_outbox_pending_idx` ON `search_outbox` (`done_at`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `tech_fields` (
	`code` text PRIMARY KEY NOT NULL,
	`vocabulary` text NOT NULL,
	`parent_code` text,
	`level` integer NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tech_fields_vocab_idx` ON `tech_fields` (`vocabulary`,`parent_code`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`phone` text,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`org_id` integer NOT NULL,
	`locale` text DEFAULT 'zh-CN' NOT NULL,
	`password_changed_at` text,
	`disabled_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_org_idx` ON `users` (`org_id`);