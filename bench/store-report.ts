import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeBenchmarkSection } from './lib/report';
import { storeMarkdown, type StoreReport } from './lib/store-report';

// Rewrites the store section of docs/benchmarks.md from a saved store-bench report:
//   node scripts/run-ts.mjs bench/store-report.ts bench-results/store.json
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node scripts/run-ts.mjs bench/store-report.ts <store-bench report.json>\n');
  process.exit(2);
}
const report = JSON.parse(readFileSync(resolve(file), 'utf8')) as StoreReport;
writeBenchmarkSection('store', storeMarkdown(report));
process.stdout.write('docs/benchmarks.md: store section written\n');
