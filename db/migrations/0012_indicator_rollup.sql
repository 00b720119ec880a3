-- The counted technology-contract amount, pre-summed by breakdown so that the dashboard and the
-- official figure read a few thousand rows instead of every counted contract. A counted contract
-- version or off-platform national record adds to one row per breakdown (month, type, technical
-- field, industry chain, broker) for each of its sides in Lüliang: side 's' under the seller's
-- division, side 'b' under the buyer's, `other` telling whether the other side is in Lüliang too.
-- 输出 is then side 's', 吸纳 side 'b', 本地 side 's' with other = 1, for the city or one county.
-- The triggers use the same condition as COUNTED_CONTRACT_CONDITION / COUNTED_RECORD_CONDITION
-- and the same month as the dashboard: a row that was counted gives back its old part, a row
-- that is counted adds its new one, in the transaction that changes it.
CREATE TABLE `indicator_rollup` (
	`dim` text NOT NULL,
	`year` integer NOT NULL,
	`side` text NOT NULL,
	`div` text NOT NULL,
	`other` integer NOT NULL,
	`k` text NOT NULL,
	`n` integer NOT NULL,
	`cv` integer NOT NULL,
	`tv` integer NOT NULL,
	PRIMARY KEY(`dim`, `year`, `side`, `div`, `other`, `k`)
) STRICT, WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `contracts_rollup_insert` AFTER INSERT ON `contracts`
WHEN (NEW.status = 'registered' OR (NEW.status = 'elsewhere' AND NEW.elsewhere_confirmed_at IS NOT NULL)) AND NEW.superseded_at IS NULL AND NEW.registration_year IS NOT NULL
BEGIN
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', COALESCE(CAST(CASE WHEN NEW.status = 'elsewhere' THEN CAST(substr(NEW.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN NEW.amendment_no = 0 OR NEW.family_id IS NULL OR NEW.family_id = NEW.id THEN CAST(strftime('%m', NEW.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = NEW.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', COALESCE(CAST(CASE WHEN NEW.status = 'elsewhere' THEN CAST(substr(NEW.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN NEW.amendment_no = 0 OR NEW.family_id IS NULL OR NEW.family_id = NEW.id THEN CAST(strftime('%m', NEW.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = NEW.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', NEW.type, 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', NEW.type, 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', COALESCE(NEW.contract_field_code, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', COALESCE(NEW.contract_field_code, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', COALESCE(NEW.industry_chain_id, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', COALESCE(NEW.industry_chain_id, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', CAST(COALESCE(NEW.broker_user_id, 0) AS TEXT), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', CAST(COALESCE(NEW.broker_user_id, 0) AS TEXT), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
CREATE TRIGGER `contracts_rollup_update_old` AFTER UPDATE OF `status`, `superseded_at`, `registration_year`, `elsewhere_confirmed_at`, `elsewhere_registered_on`, `registered_at`, `amendment_no`, `family_id`, `type`, `contract_field_code`, `industry_chain_id`, `broker_user_id`, `contract_value_fen`, `tech_value_fen`, `seller_division`, `buyer_division` ON `contracts`
WHEN (OLD.status = 'registered' OR (OLD.status = 'elsewhere' AND OLD.elsewhere_confirmed_at IS NOT NULL)) AND OLD.superseded_at IS NULL AND OLD.registration_year IS NOT NULL
BEGIN
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', COALESCE(CAST(CASE WHEN OLD.status = 'elsewhere' THEN CAST(substr(OLD.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN OLD.amendment_no = 0 OR OLD.family_id IS NULL OR OLD.family_id = OLD.id THEN CAST(strftime('%m', OLD.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = OLD.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', COALESCE(CAST(CASE WHEN OLD.status = 'elsewhere' THEN CAST(substr(OLD.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN OLD.amendment_no = 0 OR OLD.family_id IS NULL OR OLD.family_id = OLD.id THEN CAST(strftime('%m', OLD.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = OLD.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', OLD.type, -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', OLD.type, -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', COALESCE(OLD.contract_field_code, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', COALESCE(OLD.contract_field_code, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', COALESCE(OLD.industry_chain_id, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', COALESCE(OLD.industry_chain_id, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', CAST(COALESCE(OLD.broker_user_id, 0) AS TEXT), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', CAST(COALESCE(OLD.broker_user_id, 0) AS TEXT), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
CREATE TRIGGER `contracts_rollup_update_new` AFTER UPDATE OF `status`, `superseded_at`, `registration_year`, `elsewhere_confirmed_at`, `elsewhere_registered_on`, `registered_at`, `amendment_no`, `family_id`, `type`, `contract_field_code`, `industry_chain_id`, `broker_user_id`, `contract_value_fen`, `tech_value_fen`, `seller_division`, `buyer_division` ON `contracts`
WHEN (NEW.status = 'registered' OR (NEW.status = 'elsewhere' AND NEW.elsewhere_confirmed_at IS NOT NULL)) AND NEW.superseded_at IS NULL AND NEW.registration_year IS NOT NULL
BEGIN
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', COALESCE(CAST(CASE WHEN NEW.status = 'elsewhere' THEN CAST(substr(NEW.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN NEW.amendment_no = 0 OR NEW.family_id IS NULL OR NEW.family_id = NEW.id THEN CAST(strftime('%m', NEW.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = NEW.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', COALESCE(CAST(CASE WHEN NEW.status = 'elsewhere' THEN CAST(substr(NEW.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN NEW.amendment_no = 0 OR NEW.family_id IS NULL OR NEW.family_id = NEW.id THEN CAST(strftime('%m', NEW.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = NEW.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', NEW.type, 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', NEW.type, 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', COALESCE(NEW.contract_field_code, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', COALESCE(NEW.contract_field_code, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', COALESCE(NEW.industry_chain_id, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', COALESCE(NEW.industry_chain_id, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', CAST(COALESCE(NEW.broker_user_id, 0) AS TEXT), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', CAST(COALESCE(NEW.broker_user_id, 0) AS TEXT), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
CREATE TRIGGER `contracts_rollup_delete` AFTER DELETE ON `contracts`
WHEN (OLD.status = 'registered' OR (OLD.status = 'elsewhere' AND OLD.elsewhere_confirmed_at IS NOT NULL)) AND OLD.superseded_at IS NULL AND OLD.registration_year IS NOT NULL
BEGIN
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', COALESCE(CAST(CASE WHEN OLD.status = 'elsewhere' THEN CAST(substr(OLD.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN OLD.amendment_no = 0 OR OLD.family_id IS NULL OR OLD.family_id = OLD.id THEN CAST(strftime('%m', OLD.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = OLD.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', COALESCE(CAST(CASE WHEN OLD.status = 'elsewhere' THEN CAST(substr(OLD.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN OLD.amendment_no = 0 OR OLD.family_id IS NULL OR OLD.family_id = OLD.id THEN CAST(strftime('%m', OLD.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = OLD.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', OLD.type, -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', OLD.type, -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', COALESCE(OLD.contract_field_code, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', COALESCE(OLD.contract_field_code, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', COALESCE(OLD.industry_chain_id, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', COALESCE(OLD.industry_chain_id, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', CAST(COALESCE(OLD.broker_user_id, 0) AS TEXT), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', CAST(COALESCE(OLD.broker_user_id, 0) AS TEXT), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
CREATE TRIGGER `national_records_rollup_insert` AFTER INSERT ON `national_records`
WHEN NEW.status = 'off_platform'
BEGIN
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', COALESCE(CAST(CAST(substr(NEW.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', COALESCE(CAST(CAST(substr(NEW.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', NEW.type, 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', NEW.type, 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', COALESCE(NEW.contract_field_code, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', COALESCE(NEW.contract_field_code, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', '', 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', '', 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', '0', 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', '0', 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
CREATE TRIGGER `national_records_rollup_update_old` AFTER UPDATE OF `status`, `registration_year`, `registered_on`, `type`, `contract_field_code`, `contract_value_fen`, `tech_value_fen`, `seller_division`, `buyer_division` ON `national_records`
WHEN OLD.status = 'off_platform'
BEGIN
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', COALESCE(CAST(CAST(substr(OLD.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', COALESCE(CAST(CAST(substr(OLD.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', OLD.type, -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', OLD.type, -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', COALESCE(OLD.contract_field_code, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', COALESCE(OLD.contract_field_code, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', '', -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', '', -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', '0', -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', '0', -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
CREATE TRIGGER `national_records_rollup_update_new` AFTER UPDATE OF `status`, `registration_year`, `registered_on`, `type`, `contract_field_code`, `contract_value_fen`, `tech_value_fen`, `seller_division`, `buyer_division` ON `national_records`
WHEN NEW.status = 'off_platform'
BEGIN
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', COALESCE(CAST(CAST(substr(NEW.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', COALESCE(CAST(CAST(substr(NEW.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', NEW.type, 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', NEW.type, 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', COALESCE(NEW.contract_field_code, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', COALESCE(NEW.contract_field_code, ''), 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', '', 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', '', 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', NEW.registration_year, 's', NEW.seller_division, substr(NEW.buyer_division, 1, 4) = '1411', '0', 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', NEW.registration_year, 'b', NEW.buyer_division, substr(NEW.seller_division, 1, 4) = '1411', '0', 1, NEW.contract_value_fen, NEW.tech_value_fen
  WHERE substr(NEW.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
CREATE TRIGGER `national_records_rollup_delete` AFTER DELETE ON `national_records`
WHEN OLD.status = 'off_platform'
BEGIN
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', COALESCE(CAST(CAST(substr(OLD.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', COALESCE(CAST(CAST(substr(OLD.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', OLD.type, -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', OLD.type, -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', COALESCE(OLD.contract_field_code, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', COALESCE(OLD.contract_field_code, ''), -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', '', -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', '', -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', OLD.registration_year, 's', OLD.seller_division, substr(OLD.buyer_division, 1, 4) = '1411', '0', -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.seller_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
  INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', OLD.registration_year, 'b', OLD.buyer_division, substr(OLD.seller_division, 1, 4) = '1411', '0', -1, -OLD.contract_value_fen, -OLD.tech_value_fen
  WHERE substr(OLD.buyer_division, 1, 4) = '1411'
  ON CONFLICT (dim, year, side, div, other, k) DO UPDATE SET n = n + excluded.n, cv = cv + excluded.cv, tv = tv + excluded.tv;
END;
--> statement-breakpoint
-- What is already counted, summed once.
INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', year, 's', div, other, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, c.seller_division AS div, substr(c.buyer_division, 1, 4) = '1411' AS other, COALESCE(CAST(CASE WHEN c.status = 'elsewhere' THEN CAST(substr(c.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN c.amendment_no = 0 OR c.family_id IS NULL OR c.family_id = c.id THEN CAST(strftime('%m', c.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = c.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), '') AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL AND substr(c.seller_division, 1, 4) = '1411'
    UNION ALL
    SELECT r.registration_year, r.seller_division, substr(r.buyer_division, 1, 4) = '1411', COALESCE(CAST(CAST(substr(r.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform' AND substr(r.seller_division, 1, 4) = '1411'
  ) GROUP BY year, div, other, k;
--> statement-breakpoint
INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'month', year, 'b', div, other, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, c.buyer_division AS div, substr(c.seller_division, 1, 4) = '1411' AS other, COALESCE(CAST(CASE WHEN c.status = 'elsewhere' THEN CAST(substr(c.elsewhere_registered_on, 6, 2) AS INTEGER) WHEN c.amendment_no = 0 OR c.family_id IS NULL OR c.family_id = c.id THEN CAST(strftime('%m', c.registered_at, '+8 hours') AS INTEGER) ELSE CAST(strftime('%m', (SELECT MIN(f.registered_at) FROM contracts f WHERE f.family_id = c.family_id AND f.registered_at IS NOT NULL), '+8 hours') AS INTEGER) END AS TEXT), '') AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL AND substr(c.buyer_division, 1, 4) = '1411'
    UNION ALL
    SELECT r.registration_year, r.buyer_division, substr(r.seller_division, 1, 4) = '1411', COALESCE(CAST(CAST(substr(r.registered_on, 6, 2) AS INTEGER) AS TEXT), ''), r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform' AND substr(r.buyer_division, 1, 4) = '1411'
  ) GROUP BY year, div, other, k;
--> statement-breakpoint
INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', year, 's', div, other, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, c.seller_division AS div, substr(c.buyer_division, 1, 4) = '1411' AS other, c.type AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL AND substr(c.seller_division, 1, 4) = '1411'
    UNION ALL
    SELECT r.registration_year, r.seller_division, substr(r.buyer_division, 1, 4) = '1411', r.type, r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform' AND substr(r.seller_division, 1, 4) = '1411'
  ) GROUP BY year, div, other, k;
--> statement-breakpoint
INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'type', year, 'b', div, other, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, c.buyer_division AS div, substr(c.seller_division, 1, 4) = '1411' AS other, c.type AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL AND substr(c.buyer_division, 1, 4) = '1411'
    UNION ALL
    SELECT r.registration_year, r.buyer_division, substr(r.seller_division, 1, 4) = '1411', r.type, r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform' AND substr(r.buyer_division, 1, 4) = '1411'
  ) GROUP BY year, div, other, k;
--> statement-breakpoint
INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', year, 's', div, other, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, c.seller_division AS div, substr(c.buyer_division, 1, 4) = '1411' AS other, COALESCE(c.contract_field_code, '') AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL AND substr(c.seller_division, 1, 4) = '1411'
    UNION ALL
    SELECT r.registration_year, r.seller_division, substr(r.buyer_division, 1, 4) = '1411', COALESCE(r.contract_field_code, ''), r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform' AND substr(r.seller_division, 1, 4) = '1411'
  ) GROUP BY year, div, other, k;
--> statement-breakpoint
INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'field', year, 'b', div, other, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, c.buyer_division AS div, substr(c.seller_division, 1, 4) = '1411' AS other, COALESCE(c.contract_field_code, '') AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL AND substr(c.buyer_division, 1, 4) = '1411'
    UNION ALL
    SELECT r.registration_year, r.buyer_division, substr(r.seller_division, 1, 4) = '1411', COALESCE(r.contract_field_code, ''), r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform' AND substr(r.buyer_division, 1, 4) = '1411'
  ) GROUP BY year, div, other, k;
--> statement-breakpoint
INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', year, 's', div, other, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, c.seller_division AS div, substr(c.buyer_division, 1, 4) = '1411' AS other, COALESCE(c.industry_chain_id, '') AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL AND substr(c.seller_division, 1, 4) = '1411'
    UNION ALL
    SELECT r.registration_year, r.seller_division, substr(r.buyer_division, 1, 4) = '1411', '', r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform' AND substr(r.seller_division, 1, 4) = '1411'
  ) GROUP BY year, div, other, k;
--> statement-breakpoint
INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'chain', year, 'b', div, other, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, c.buyer_division AS div, substr(c.seller_division, 1, 4) = '1411' AS other, COALESCE(c.industry_chain_id, '') AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL AND substr(c.buyer_division, 1, 4) = '1411'
    UNION ALL
    SELECT r.registration_year, r.buyer_division, substr(r.seller_division, 1, 4) = '1411', '', r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform' AND substr(r.buyer_division, 1, 4) = '1411'
  ) GROUP BY year, div, other, k;
--> statement-breakpoint
INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', year, 's', div, other, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, c.seller_division AS div, substr(c.buyer_division, 1, 4) = '1411' AS other, CAST(COALESCE(c.broker_user_id, 0) AS TEXT) AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL AND substr(c.seller_division, 1, 4) = '1411'
    UNION ALL
    SELECT r.registration_year, r.seller_division, substr(r.buyer_division, 1, 4) = '1411', '0', r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform' AND substr(r.seller_division, 1, 4) = '1411'
  ) GROUP BY year, div, other, k;
--> statement-breakpoint
INSERT INTO indicator_rollup (dim, year, side, div, other, k, n, cv, tv)
  SELECT 'broker', year, 'b', div, other, k, COUNT(*), SUM(cv), SUM(tv) FROM (
    SELECT c.registration_year AS year, c.buyer_division AS div, substr(c.seller_division, 1, 4) = '1411' AS other, CAST(COALESCE(c.broker_user_id, 0) AS TEXT) AS k, c.contract_value_fen AS cv, c.tech_value_fen AS tv
    FROM contracts c WHERE (c.status = 'registered' OR (c.status = 'elsewhere' AND c.elsewhere_confirmed_at IS NOT NULL)) AND c.superseded_at IS NULL AND c.registration_year IS NOT NULL AND substr(c.buyer_division, 1, 4) = '1411'
    UNION ALL
    SELECT r.registration_year, r.buyer_division, substr(r.seller_division, 1, 4) = '1411', '0', r.contract_value_fen, r.tech_value_fen
    FROM national_records r WHERE r.status = 'off_platform' AND substr(r.buyer_division, 1, 4) = '1411'
  ) GROUP BY year, div, other, k;
