-- The counted technology-contract amount, pre-summed by breakdown so that the dashboard and the
-- official figure read a few thousand rows instead of every counted contract. Each counted
-- contract version or off-platform national record adds one to five rows' sums (one per
-- breakdown: month, type, technical field, industry chain, broker), keyed by its Beijing
-- registration year and its seller's and buyer's Lüliang division ('' when outside Lüliang).
-- The triggers use the same condition as COUNTED_CONTRACT_CONDITION / COUNTED_RECORD_CONDITION
-- and the same month as the dashboard: a row that was counted gives back its old part, a row
-- that is counted adds its new one, so every registration, amendment, confirmation,
-- cancellation and import moves the sums in the transaction that makes it.
CREATE TABLE `indicator_rollup` (
	`dim` text NOT NULL,
	`year` integer NOT NULL,
	`sd` text NOT NULL,
	`bd` text NOT NULL,
	`k` text NOT NULL,
	`n` integer NOT NULL,
	`cv` integer NOT NULL,
	`tv` integer NOT NULL,
	PRIMARY KEY(`dim`, `year`, `sd`, `bd`, `k`)
) STRICT, WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `contracts_rollup_insert` AFTER INSERT ON `contracts`
WHEN (NEW.status = 'registered' OR (NEW.status = 'elsewhere' AND NEW.elsewhere_confirmed_at IS NOT NULL)) AND NEW.superseded_at IS NULL AND NEW.registration_year IS NOT NULL
BEGIN
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('month', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, COALESCE(CAST(CASE WHEN NEW.status = 'elsewhere' THEN CAST(substr(NEW.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN NEW.amendment_no = 0 OR NEW.family_id IS NULL OR NEW.family_id = NEW.id THEN CAST(strftime('%m', NEW.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = NEW.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), ''), 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('type', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, NEW.type, 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('field', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, COALESCE(NEW.contract_field_code, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('chain', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, COALESCE(NEW.industry_chain_id, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('broker', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, CAST(COALESCE(NEW.broker_user_id, 0) AS TEXT), 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
CREATE TRIGGER `contracts_rollup_update_old` AFTER UPDATE OF `status`, `superseded_at`, `registration_year`, `elsewhere_confirmed_at`, `elsewhere_registered_on`, `registered_at`, `amendment_no`, `family_id`, `type`, `contract_field_code`, `industry_chain_id`, `broker_user_id`, `contract_value_fen`, `tech_value_fen`, `seller_division`, `buyer_division` ON `contracts`
WHEN (OLD.status = 'registered' OR (OLD.status = 'elsewhere' AND OLD.elsewhere_confirmed_at IS NOT NULL)) AND OLD.superseded_at IS NULL AND OLD.registration_year IS NOT NULL
BEGIN
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('month', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, COALESCE(CAST(CASE WHEN OLD.status = 'elsewhere' THEN CAST(substr(OLD.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN OLD.amendment_no = 0 OR OLD.family_id IS NULL OR OLD.family_id = OLD.id THEN CAST(strftime('%m', OLD.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = OLD.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('type', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, OLD.type, -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('field', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, COALESCE(OLD.contract_field_code, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('chain', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, COALESCE(OLD.industry_chain_id, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('broker', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, CAST(COALESCE(OLD.broker_user_id, 0) AS TEXT), -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
CREATE TRIGGER `contracts_rollup_update_new` AFTER UPDATE OF `status`, `superseded_at`, `registration_year`, `elsewhere_confirmed_at`, `elsewhere_registered_on`, `registered_at`, `amendment_no`, `family_id`, `type`, `contract_field_code`, `industry_chain_id`, `broker_user_id`, `contract_value_fen`, `tech_value_fen`, `seller_division`, `buyer_division` ON `contracts`
WHEN (NEW.status = 'registered' OR (NEW.status = 'elsewhere' AND NEW.elsewhere_confirmed_at IS NOT NULL)) AND NEW.superseded_at IS NULL AND NEW.registration_year IS NOT NULL
BEGIN
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('month', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, COALESCE(CAST(CASE WHEN NEW.status = 'elsewhere' THEN CAST(substr(NEW.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN NEW.amendment_no = 0 OR NEW.family_id IS NULL OR NEW.family_id = NEW.id THEN CAST(strftime('%m', NEW.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = NEW.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), ''), 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('type', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, NEW.type, 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('field', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, COALESCE(NEW.contract_field_code, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('chain', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, COALESCE(NEW.industry_chain_id, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('broker', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, CAST(COALESCE(NEW.broker_user_id, 0) AS TEXT), 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
CREATE TRIGGER `contracts_rollup_delete` AFTER DELETE ON `contracts`
WHEN (OLD.status = 'registered' OR (OLD.status = 'elsewhere' AND OLD.elsewhere_confirmed_at IS NOT NULL)) AND OLD.superseded_at IS NULL AND OLD.registration_year IS NOT NULL
BEGIN
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('month', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, COALESCE(CAST(CASE WHEN OLD.status = 'elsewhere' THEN CAST(substr(OLD.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN OLD.amendment_no = 0 OR OLD.family_id IS NULL OR OLD.family_id = OLD.id THEN CAST(strftime('%m', OLD.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = OLD.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('type', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, OLD.type, -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('field', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, COALESCE(OLD.contract_field_code, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('chain', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, COALESCE(OLD.industry_chain_id, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('broker', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, CAST(COALESCE(OLD.broker_user_id, 0) AS TEXT), -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
CREATE TRIGGER `national_records_rollup_insert` AFTER INSERT ON `national_records`
WHEN NEW.status = 'off_platform'
BEGIN
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('month', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, COALESCE(CAST(CAST(substr(NEW.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('type', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, NEW.type, 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('field', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, COALESCE(NEW.contract_field_code, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('chain', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, '', 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('broker', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, '0', 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
CREATE TRIGGER `national_records_rollup_update_old` AFTER UPDATE OF `status`, `registration_year`, `registered_on`, `type`, `contract_field_code`, `contract_value_fen`, `tech_value_fen`, `seller_division`, `buyer_division` ON `national_records`
WHEN OLD.status = 'off_platform'
BEGIN
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('month', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, COALESCE(CAST(CAST(substr(OLD.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('type', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, OLD.type, -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('field', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, COALESCE(OLD.contract_field_code, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('chain', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, '', -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('broker', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, '0', -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
CREATE TRIGGER `national_records_rollup_update_new` AFTER UPDATE OF `status`, `registration_year`, `registered_on`, `type`, `contract_field_code`, `contract_value_fen`, `tech_value_fen`, `seller_division`, `buyer_division` ON `national_records`
WHEN NEW.status = 'off_platform'
BEGIN
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('month', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, COALESCE(CAST(CAST(substr(NEW.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('type', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, NEW.type, 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('field', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, COALESCE(NEW.contract_field_code, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('chain', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, '', 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('broker', NEW.registration_year, CASE WHEN substr(NEW.seller_division, 1, 4) = '1411' THEN NEW.seller_division ELSE '' END, CASE WHEN substr(NEW.buyer_division, 1, 4) = '1411' THEN NEW.buyer_division ELSE '' END, '0', 1, NEW.contract_value_fen, NEW.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
CREATE TRIGGER `national_records_rollup_delete` AFTER DELETE ON `national_records`
WHEN OLD.status = 'off_platform'
BEGIN
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('month', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, COALESCE(CAST(CAST(substr(OLD.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('type', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, OLD.type, -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('field', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, COALESCE(OLD.contract_field_code, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('chain', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, '', -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  VALUES ('broker', OLD.registration_year, CASE WHEN substr(OLD.seller_division, 1, 4) = '1411' THEN OLD.seller_division ELSE '' END, CASE WHEN substr(OLD.buyer_division, 1, 4) = '1411' THEN OLD.buyer_division ELSE '' END, '0', -1, -OLD.contract_value_fen, -OLD.tech_value_fen)
  ON CONFLICT (dim, year, sd, bd, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
-- What is already counted, summed once.
INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  SELECT 'month', year, sd, bd, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, CASE WHEN substr(c.seller_division, 1, 4) = '1411' THEN c.seller_division ELSE '' END AS sd, CASE WHEN substr(c.buyer_division, 1, 4) = '1411' THEN c.buyer_division ELSE '' END AS bd, COALESCE(CAST(CASE WHEN c.status = 'elsewhere' THEN CAST(substr(c.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN c.amendment_no = 0 OR c.family_id IS NULL OR c.family_id = c.id THEN CAST(strftime('%m', c.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = c.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), '') AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL
    UNION ALL
    SELECT r.registration_year, CASE WHEN substr(r.seller_division, 1, 4) = '1411' THEN r.seller_division ELSE '' END, CASE WHEN substr(r.buyer_division, 1, 4) = '1411' THEN r.buyer_division ELSE '' END, COALESCE(CAST(CAST(substr(r.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform'
  ) GROUP BY year, sd, bd, k;
--> statement-breakpoint
INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  SELECT 'type', year, sd, bd, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, CASE WHEN substr(c.seller_division, 1, 4) = '1411' THEN c.seller_division ELSE '' END AS sd, CASE WHEN substr(c.buyer_division, 1, 4) = '1411' THEN c.buyer_division ELSE '' END AS bd, c.type AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL
    UNION ALL
    SELECT r.registration_year, CASE WHEN substr(r.seller_division, 1, 4) = '1411' THEN r.seller_division ELSE '' END, CASE WHEN substr(r.buyer_division, 1, 4) = '1411' THEN r.buyer_division ELSE '' END, r.type, r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform'
  ) GROUP BY year, sd, bd, k;
--> statement-breakpoint
INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  SELECT 'field', year, sd, bd, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, CASE WHEN substr(c.seller_division, 1, 4) = '1411' THEN c.seller_division ELSE '' END AS sd, CASE WHEN substr(c.buyer_division, 1, 4) = '1411' THEN c.buyer_division ELSE '' END AS bd, COALESCE(c.contract_field_code, '') AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL
    UNION ALL
    SELECT r.registration_year, CASE WHEN substr(r.seller_division, 1, 4) = '1411' THEN r.seller_division ELSE '' END, CASE WHEN substr(r.buyer_division, 1, 4) = '1411' THEN r.buyer_division ELSE '' END, COALESCE(r.contract_field_code, ''), r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform'
  ) GROUP BY year, sd, bd, k;
--> statement-breakpoint
INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  SELECT 'chain', year, sd, bd, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, CASE WHEN substr(c.seller_division, 1, 4) = '1411' THEN c.seller_division ELSE '' END AS sd, CASE WHEN substr(c.buyer_division, 1, 4) = '1411' THEN c.buyer_division ELSE '' END AS bd, COALESCE(c.industry_chain_id, '') AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL
    UNION ALL
    SELECT r.registration_year, CASE WHEN substr(r.seller_division, 1, 4) = '1411' THEN r.seller_division ELSE '' END, CASE WHEN substr(r.buyer_division, 1, 4) = '1411' THEN r.buyer_division ELSE '' END, '', r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform'
  ) GROUP BY year, sd, bd, k;
--> statement-breakpoint
INSERT INTO indicator_rollup (dim, year, sd, bd, k, n, cv, tv)
  SELECT 'broker', year, sd, bd, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, CASE WHEN substr(c.seller_division, 1, 4) = '1411' THEN c.seller_division ELSE '' END AS sd, CASE WHEN substr(c.buyer_division, 1, 4) = '1411' THEN c.buyer_division ELSE '' END AS bd, CAST(COALESCE(c.broker_user_id, 0) AS TEXT) AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL
    UNION ALL
    SELECT r.registration_year, CASE WHEN substr(r.seller_division, 1, 4) = '1411' THEN r.seller_division ELSE '' END, CASE WHEN substr(r.buyer_division, 1, 4) = '1411' THEN r.buyer_division ELSE '' END, '0', r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform'
  ) GROUP BY year, sd, bd, k;
