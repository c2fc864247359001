import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Tracedeck';

/**
 * Where Tracedeck keeps its data when no Electron `app` is there to ask: the same folder
 * Electron's `app.getPath('userData')` gives, so the desktop app and the web bridge share one
 * store. `TRACEDECK_DATA_DIR` overrides it in both.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TRACEDECK_DATA_DIR) return env.TRACEDECK_DATA_DIR;
  if (process.platform === 'win32') {
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  }
  if (process.platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  }
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}
