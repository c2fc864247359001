import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSyncState } from '../../electron/main/db/sync-state-repo';
import { startAgentOsPeer, type AgentOsPeer } from '../peers/agentos/server';
import { addPeerTarget, sourceFingerprint, storeFingerprint } from '../support/agentos-sync';
import { createTempCore, type TempCore } from '../support/temp-core';

const root = resolve(import.meta.dirname, '../..');
const KILLS = 10;

let peer: AgentOsPeer;
let core: TempCore;
let targetId: string;

beforeAll(async () => {
  peer = await startAgentOsPeer({ seed: { seed: 11, sessions: 400 } });
  // Slow every answer a little so each sync lasts long enough to be killed in the middle.
  peer.faults.match(
    () => true,
    { kind: 'slow-body', bytesPerChunk: 16_384, delayMs: 1 },
    { times: 1_000_000 },
  );
  core = createTempCore();
  targetId = addPeerTarget(core.deps.store, peer);
});

afterAll(async () => {
  await core?.dispose();
  await peer?.close();
});

interface ChildRun {
  wasKilled: boolean;
  output: string;
}

/**
 * Runs the sync child. With `kill`, SIGKILLs it `kill.delayMs` after it reports its
 * `kill.afterPages`-th committed page: in the middle of a sync, at a random point.
 */
function runChild(kill: { afterPages: number; delayMs: number } | null): Promise<ChildRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [resolve(root, 'scripts/run-ts.mjs'), 'test/support/sync-child.ts', core.dataDir, targetId, 'full'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let wasKilled = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const pages = [...output.matchAll(/progress (\d+)/g)].map((m) => Number(m[1]));
      if (kill !== null && !wasKilled && pages.some((n) => n >= kill.afterPages)) {
        wasKilled = true;
        setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const finished = output.includes('result ');
      if (signal === 'SIGKILL') resolvePromise({ wasKilled: !finished, output });
      else if (code === 0) resolvePromise({ wasKilled: false, output });
      else reject(new Error(`sync child failed (${code}):\n${output}`));
    });
  });
}

describe('crash safety', () => {
  it('survives SIGKILL at random points and ends equal to the source with no duplicates', async () => {
    let kills = 0;
    let interruptedMidRun = 0;
    for (let attempt = 0; kills < KILLS && attempt < KILLS * 3; attempt++) {
      // The source keeps changing between crashes, so every restart has real work to do.
      for (const session of peer.store.list())
        if (Math.random() < 0.4) peer.store.bumpUpdatedAt(session.sessionId);
      const run = await runChild({
        afterPages: 1 + Math.floor(Math.random() * 2),
        delayMs: Math.floor(Math.random() * 60),
      });
      if (!run.wasKilled) continue;
      kills++;
      const state = getSyncState(core.deps.db, targetId);
      if (state?.status === 'running') interruptedMidRun++;
    }
    expect(kills).toBe(KILLS);
    // Most kills must land while pages were being written, or the test proves little.
    expect(interruptedMidRun).toBeGreaterThanOrEqual(KILLS / 2);

    const final = await runChild(null);
    expect(final.output).toMatch(/result \{"targetId":"[^"]+","status":"ok"/);
    expect(storeFingerprint(core.deps.db, targetId)).toEqual(sourceFingerprint(peer));

    const duplicates = core.deps.db
      .prepare(
        `select (select count(*) from (select 1 from activity_items group by session_id, seq having count(*) > 1)) as activity,
                  (select count(*) from (select 1 from runs group by session_id, remote_id having count(*) > 1)) as runs,
                  (select count(*) from (select 1 from sessions group by target_id, remote_id having count(*) > 1)) as sessions`,
      )
      .get();
    expect(duplicates).toEqual({ activity: 0, runs: 0, sessions: 0 });
  }, 180_000);
});
