import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering rules of HOUSE-STYLE §3, checked by linting small probes as if they lived at
// the given paths. Each case must be refused by the project's own ESLint config.
const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../../..') });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('import boundaries', () => {
  it.each([
    ['renderer/features/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['renderer/features/x.ts', "import { join } from 'path';\nexport const a = join;\n"],
    [
      'renderer/features/x.ts',
      "import { createCore } from '../../electron/main/core';\nexport const a = createCore;\n",
    ],
    ['renderer/features/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['shared/models/x.ts', "import { createHash } from 'node:crypto';\nexport const a = createHash;\n"],
    ['shared/models/x.ts', "import { App } from '../../renderer/app';\nexport const a = App;\n"],
    ['electron/main/core-x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    [
      'electron/main/db/x-repo.ts',
      "import { dispatch } from '../ipc/dispatch';\nexport const a = dispatch;\n",
    ],
  ])('refuses the import in %s: %s', async (filePath, code) => {
    expect(await problems(filePath, code)).toEqual([expect.stringMatching(/^no-restricted-imports/)]);
  });

  it('refuses window.api outside renderer/lib/ipc.ts and allows it there', async () => {
    const code = 'export const api = window.api;\n';
    expect(await problems('renderer/features/x.ts', code)).toEqual([
      expect.stringMatching(/^no-restricted-properties/),
    ]);
    expect(await problems('renderer/lib/ipc.ts', code)).toEqual([]);
  });

  it('lets the Electron shell files import electron', async () => {
    const code = "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n";
    expect(await problems('electron/main/ipc/register.ts', code)).toEqual([]);
  });
});
