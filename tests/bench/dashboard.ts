// Dashboard benchmark: npm run bench:dashboard -- [--n 1000000] [--samples 40] [--seed 7]
//
// Generates N registered contracts (with needs, achievements, brokers, claims and deals) into a
// temporary database, then times the work of the indicator dashboard's loader and of the public
// page's loader: cold after a registration (before each sample one contract of the measured year
// and county has its value amended, through SQL that fires the rollup's triggers, with the
// contracts' data version bumped as the service does: the figures and the charts drawn from them
// really change), cold with everything drawn again (every data version bumped and every kept
// chart drawing let go, as after a start), and warm (cached). Prints one JSON line per
// measurement with p50/p95 in ms, and the floor measured in the same run: a plain
// count-and-sum over contracts and a bare React renderToString of a page as large.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { migrateDb, openDb, writeTx } from "../../db/connection";
import { seedVocabularies } from "../../db/seed-vocabularies";
import { bumpDataVersion } from "../../app/services/data-versions.server";
import { forgetChartDrawings } from "../../app/services/indicators/charts.server";
import { dashboardView, publicView } from "../../app/services/indicators/dashboard-charts.server";
import { dashboardData, publicIndicators } from "../../app/services/indicators/dashboard.server";
import { computeContractFigures } from "../../app/services/indicators/contract-figures.server";
import { computeNeedFunnel } from "../../app/services/indicators/funnel.server";
import { listingTrends } from "../../app/services/indicators/trends.server";
import { targetProgress } from "../../app/services/target-progress.server";
import { amendContractValue, countedContractIds, generateMarket } from "./dashboard-data";

const args = process.argv.slice(2);
const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const n = Number(value("--n") ?? 1_000_000);
const samples = Number(value("--samples") ?? 30);
const seed = Number(value("--seed") ?? 7);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(name: string, times: number, fn: () => unknown | Promise<unknown>, before?: () => void): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    before?.();
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(JSON.stringify({ name, n, samples: times, p50: Math.round(percentile(ms, 50) * 100) / 100, p95: Math.round(percentile(ms, 95) * 100) / 100 }));
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lsm-bench-dash-"));
  const file = path.join(dir, "bench.db");
  const db = openDb(file);
  try {
    migrateDb(db);
    seedVocabularies(db);
    const years = [2021, 2022, 2023, 2024, 2025, 2026];
    const t0 = performance.now();
    generateMarket(db, {
      contracts: n,
      needs: Math.max(1000, Math.round(n / 50)),
      achievements: Math.max(1000, Math.round(n / 50)),
      brokers: 200,
      years,
      seed,
    });
    db.$client.pragma("optimize");
    db.$client.exec("ANALYZE");
    console.log(JSON.stringify({ name: "generate", n, ms: Math.round(performance.now() - t0), bytes: fs.statSync(file).size }));
    const year = 2025;
    const county = "141102";
    const bump = () => writeTx(db, (tx) => bumpDataVersion(tx, "contracts"));
    // Counted contracts of the measured year whose seller is in the measured county: each cold
    // sample amends the next one's value by 1 万元 (both amounts), as an amendment registered at the desk would.
    const amendable = countedContractIds(db, year, county, 64);
    if (amendable.length === 0) throw new Error("no counted contract to amend in the measured year and county");
    let registrations = 0;
    const register = () => amendContractValue(db, amendable[registrations++ % amendable.length]!, 1_000_000);
    const fromStart = () => {
      writeTx(db, (tx) => {
        for (const name of ["contracts", "listings", "brokers", "policy"] as const) bumpDataVersion(tx, name);
      });
      forgetChartDrawings();
    };

    await measure("floor: SELECT count(*), sum(contract_value_fen) FROM contracts", samples, () =>
      db.$client.prepare("SELECT count(*), sum(contract_value_fen) FROM contracts").get(),
    );
    const view = await dashboardView(db, year, null, "zh-CN");
    const size = JSON.stringify(view).length;
    const filler = "x".repeat(size);
    await measure("floor: renderToString of a page the same size", samples, () =>
      renderToString(createElement("main", null, createElement("p", null, filler))),
    );

    // Where a cold computation spends its time: each part alone.
    await measure("part: contract figures (city)", Math.min(samples, 5), () => computeContractFigures(db, year, null));
    await measure("part: contract figures (county)", Math.min(samples, 5), () => computeContractFigures(db, year, county));
    await measure("part: funnel", Math.min(samples, 5), () => computeNeedFunnel(db, year, null));
    await measure("part: listing trends", Math.min(samples, 5), () => listingTrends(db, year, null));
    await measure("part: targetProgress cold (officialIndicator inside)", Math.min(samples, 5), () => targetProgress(db, year), bump);
    const cold = Math.min(samples, 10);
    // Each view once before its samples, so that a sample shows what one registration costs.
    await dashboardView(db, year, null, "zh-CN");
    await dashboardView(db, year, county, "zh-CN");
    await publicView(db, year, "en");
    await measure("dashboard figures cold after a registration (city)", cold, () => dashboardData(db, year, null), register);
    await measure("dashboard figures cold after a registration (county)", cold, () => dashboardData(db, year, county), register);
    await measure("public figures cold after a registration", cold, () => publicIndicators(db, year), register);
    await measure("dashboard figures and charts cold after a registration (city)", cold, () => dashboardView(db, year, null, "zh-CN"), register);
    await measure("dashboard figures and charts cold after a registration (county)", cold, () => dashboardView(db, year, county, "zh-CN"), register);
    await measure("public figures and charts cold after a registration", cold, () => publicView(db, year, "en"), register);
    await measure("dashboard figures and charts, everything drawn (city)", cold, () => dashboardView(db, year, null, "zh-CN"), fromStart);
    await measure("dashboard figures and charts, everything drawn (county)", cold, () => dashboardView(db, year, county, "zh-CN"), fromStart);
    await measure("public figures and charts, everything drawn", cold, () => publicView(db, year, "en"), fromStart);
    await dashboardView(db, year, null, "zh-CN");
    await measure("dashboard warm", samples, () => dashboardView(db, year, null, "zh-CN"));
    await measure("dashboard warm (render)", samples, async () =>
      renderToString(createElement("pre", null, JSON.stringify(await dashboardView(db, year, null, "zh-CN")))),
    );
    await publicView(db, year, "en");
    await measure("public warm", samples, () => publicView(db, year, "en"));
  } finally {
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
