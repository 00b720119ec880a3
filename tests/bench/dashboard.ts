// Dashboard benchmark: npm run bench:dashboard -- [--n 1000000] [--samples 40] [--seed 7]
//
// Generates N registered contracts (with needs, achievements, brokers, claims and deals) into a
// temporary database, then times the work of the indicator dashboard's loader and of the public
// page's loader: cold (just after a bumpDataVersion, everything recomputed) and warm (cached).
// Prints one JSON line per measurement with p50/p95 in ms, and the floor measured in the same
// run: a plain count-and-sum over contracts and a bare React renderToString of a page as large.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { migrateDb, openDb, writeTx } from "../../db/connection";
import { seedVocabularies } from "../../db/seed-vocabularies";
import { bumpDataVersion } from "../../app/services/data-versions.server";
import { dashboardView, publicView } from "../../app/services/indicators/dashboard-charts.server";
import { dashboardData, publicIndicators } from "../../app/services/indicators/dashboard.server";
import { computeContractFigures } from "../../app/services/indicators/contract-figures.server";
import { computeNeedFunnel } from "../../app/services/indicators/funnel.server";
import { listingTrends } from "../../app/services/indicators/trends.server";
import { targetProgress } from "../../app/services/target-progress.server";
import { generateMarket } from "./dashboard-data";

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
    await measure("dashboard figures cold (city)", Math.min(samples, 10), () => dashboardData(db, year, null), bump);
    await measure("dashboard figures cold (county)", Math.min(samples, 10), () => dashboardData(db, year, county), bump);
    await measure("public figures cold", Math.min(samples, 10), () => publicIndicators(db, year), bump);
    await measure("dashboard figures and charts cold (city)", Math.min(samples, 10), () => dashboardView(db, year, null, "zh-CN"), bump);
    await measure("dashboard figures and charts cold (county)", Math.min(samples, 10), () => dashboardView(db, year, county, "zh-CN"), bump);
    await dashboardView(db, year, null, "zh-CN");
    await measure("dashboard warm", samples, () => dashboardView(db, year, null, "zh-CN"));
    await measure("dashboard warm (render)", samples, async () =>
      renderToString(createElement("pre", null, JSON.stringify(await dashboardView(db, year, null, "zh-CN")))),
    );
    await measure("public figures and charts cold", Math.min(samples, 10), () => publicView(db, year, "en"), bump);
    await publicView(db, year, "en");
    await measure("public warm", samples, () => publicView(db, year, "en"));
  } finally {
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
