// Prints one closing line for the whole run ("N passed, N failed, N skipped") from the
// JSON reports Vitest and Playwright leave in test-results/.
import fs from "node:fs";

const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null);
let passed = 0;
let failed = 0;
let skipped = 0;

const unit = read("test-results/vitest.json");
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  skipped += unit.numPendingTests + unit.numTodoTests;
}
const e2e = read("test-results/e2e.json");
if (e2e) {
  passed += e2e.stats.expected;
  failed += e2e.stats.unexpected + e2e.stats.flaky;
  skipped += e2e.stats.skipped;
}
if (!unit) failed += 1;
console.log(`\nunit: ${unit ? unit.numPassedTests : 0} passed; e2e: ${e2e ? e2e.stats.expected : 0} passed`);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
