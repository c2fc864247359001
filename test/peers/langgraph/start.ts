// Starts the LangGraph test server by hand, the same way the tests do, and keeps it running
// until Ctrl-C. Usage (from the repo root):
//   node scripts/run-ts.mjs test/peers/langgraph/start.ts [--port N] [stateDir]
import { parseArgs } from 'node:util';
import { startLangGraphServer, type LangGraphServerOptions } from './server';

const { values, positionals } = parseArgs({
  options: { port: { type: 'string' } },
  allowPositionals: true,
});
const options: LangGraphServerOptions = {};
if (values.port !== undefined) options.port = Number(values.port);
if (positionals[0] !== undefined) options.stateDir = positionals[0];
const startedAt = Date.now();
const server = await startLangGraphServer(options);
console.log(`LangGraph API ready in ${Date.now() - startedAt} ms at ${server.url}`);
console.log(`project/state dir: ${server.projectDir} (log: server.log there). Ctrl-C stops it.`);

await new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
await server.stop();
console.log('stopped');
