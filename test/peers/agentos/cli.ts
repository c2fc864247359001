import { registerHooks } from 'node:module';
import { parseArgs } from 'node:util';
import type { AuthOptions } from './server';

// The project imports modules without extensions (Bundler resolution); plain Node needs `.ts`.
registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (!specifier.startsWith('.') || /\.[cm]?[jt]s$/.test(specifier)) throw error;
      return nextResolve(`${specifier}.ts`, context);
    }
  },
});

// Imported dynamically so the hook above is in place first; type imports are erased.
const { startAgentOsPeer, signJwt, ADMIN_SCOPE } = await import('./server');

const USAGE = `Usage: node test/peers/agentos/cli.ts [options]

  --host <host>            default 127.0.0.1
  --port <n>               default 7777 (0 = ephemeral)
  --sessions <n>           generated sessions, default 200
  --seed <n>               generator seed, default 1
  --items <n>              messages per session, default 20
  --db-ids <a,b>           comma-separated db ids (default: two)
  --large <index:bytes>    big tool result on a session, repeatable (e.g. 3:1000000)
  --auth <mode>            none | security-key | jwt (default none)
  --key <key>              security key (default OSK_peer_dev_key)
  --secret <secret>        JWT HS256 secret (default peer-dev-secret)
  --user-isolation         JWT: force user_id = sub for non-admins
  --cancel-delay <ms>      default 50
  --stay-running           runs created via POST …/runs stay RUNNING until cancelled
  --prerender              serialize every session's responses before listening
`;

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '7777' },
    sessions: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    items: { type: 'string', default: '20' },
    'db-ids': { type: 'string' },
    large: { type: 'string', multiple: true },
    auth: { type: 'string', default: 'none' },
    key: { type: 'string', default: 'OSK_peer_dev_key' },
    secret: { type: 'string', default: 'peer-dev-secret' },
    'user-isolation': { type: 'boolean', default: false },
    'cancel-delay': { type: 'string', default: '50' },
    'stay-running': { type: 'boolean', default: false },
    prerender: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const auth: AuthOptions =
  values.auth === 'security-key'
    ? { mode: 'security-key', key: values.key }
    : values.auth === 'jwt'
      ? { mode: 'jwt', secret: values.secret, userIsolation: values['user-isolation'] }
      : { mode: 'none' };

const largeToolResults = (values.large ?? []).map((spec) => {
  const [index = '0', bytes = '1000000'] = spec.split(':');
  return { sessionIndex: Number(index), bytes: Number(bytes) };
});

const started = performance.now();
const peer = await startAgentOsPeer({
  host: values.host,
  port: Number(values.port),
  auth,
  cancelDelayMs: Number(values['cancel-delay']),
  createdRuns: values['stay-running'] ? 'stay-running' : 'complete',
  prerender: values.prerender,
  seed: {
    seed: Number(values.seed),
    sessions: Number(values.sessions),
    itemsPerSession: Number(values.items),
    ...(values['db-ids'] ? { dbIds: values['db-ids'].split(',') } : {}),
    largeToolResults,
  },
});

const lines = [
  `AgentOS peer listening on ${peer.url}`,
  `  ${peer.store.size()} sessions in db(s) ${peer.store.dbIds.join(', ')} (ready in ${Math.round(performance.now() - started)} ms)`,
  `  auth: ${auth.mode}`,
];
if (auth.mode === 'security-key') lines.push(`  Authorization: Bearer ${auth.key}`);
if (auth.mode === 'jwt') {
  const token = signJwt(
    { sub: 'peer-admin', scopes: [ADMIN_SCOPE], exp: Math.floor(Date.now() / 1000) + 86_400 },
    { secret: values.secret },
  );
  lines.push(`  admin JWT (24 h): Authorization: Bearer ${token}`);
}
process.stdout.write(`${lines.join('\n')}\n`);

const shutdown = (): void => {
  void peer.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
