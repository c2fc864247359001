import { spawn } from 'node:child_process';

/** Opens a file with the OS's default application; rejects with a readable message when it cannot. */
export type OpenPath = (path: string) => Promise<void>;

// Openers that run the application in the foreground never exit while it is open, so one still
// running after this long has started it.
const OPENER_GRACE_MS = 3000;

/**
 * The opener outside Electron (the web bridge, plain Node): `open` on macOS, `cmd /c start` on
 * Windows, `xdg-open` elsewhere, detached so the application outlives this process. Resolves when
 * the opener exits cleanly or is still running after a grace period; rejects when it cannot be
 * started or exits with an error (e.g. xdg-open with no application for the file type).
 */
export function openWithDesktop(path: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const [command, args] =
    platform === 'darwin'
      ? ['open', [path]]
      : platform === 'win32'
        ? // `start` takes the first quoted argument as a window title, hence the empty one.
          ['cmd', ['/c', 'start', '""', `"${path}"`]]
        : ['xdg-open', [path]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      detached: true,
      stdio: 'ignore',
      windowsHide: true,
      windowsVerbatimArguments: platform === 'win32',
    });
    const timer = setTimeout(() => {
      child.unref();
      resolve();
    }, OPENER_GRACE_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not start: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with ${code ?? signal}`));
    });
  });
}
