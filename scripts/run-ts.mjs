// Runs a TypeScript entry (a benchmark, a CLI) through Vite's module runner, so it sees the
// same transforms as the app build: the @shared alias and bundled `?raw` SQL migrations.
// Usage: node scripts/run-ts.mjs <file.ts> [args...]
import { resolve } from 'node:path';
import { createServer, createServerModuleRunner } from 'vite';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
process.argv = [process.argv[0], resolve(entry), ...args];

const server = await createServer({
  root,
  configFile: false,
  logLevel: 'error',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false },
  resolve: { alias: { '@shared': resolve(root, 'shared') } },
});
const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
try {
  await runner.import(resolve(entry));
} finally {
  await runner.close();
  await server.close();
}
