import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM_PATH } from './support/browser';

const root = resolve(import.meta.dirname, '../..');

/**
 * End-to-end tests drive the built app, so make sure a build exists (`npm test` builds first;
 * this covers `vitest --project e2e` on its own) and that Debian's Chromium is installed.
 */
export default function setup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: install it with \`apt-get install -y chromium\` (.ci/run does).`,
    );
  }
  if (
    !existsSync(resolve(root, 'out/main/web.js')) ||
    !existsSync(resolve(root, 'out/renderer/index.html'))
  ) {
    execFileSync(resolve(root, 'node_modules/.bin/electron-vite'), ['build'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
}
