// `npm start`: the desktop app where Electron's binary can be had, otherwise the same app in
// the browser through the web bridge (Electron downloads its binary on first launch, which
// fails on machines without internet access).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const electronDir = join(root, 'node_modules/electron');

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

let binary = electronBinary();
if (!binary) {
  console.log('Fetching the Electron binary…');
  spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit' });
  binary = electronBinary();
}

const args = process.argv.slice(2);
const child = binary
  ? spawn(binary, [root, ...args], { stdio: 'inherit' })
  : (console.log('\nElectron could not be downloaded on this machine: starting the web bridge instead.\n'),
    spawn(process.execPath, [join(root, 'out/main/web.js'), ...args], { stdio: 'inherit' }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
