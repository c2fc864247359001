import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFileKeyCipher,
  createSecretStore,
  SECRETS_FILE_NAME,
  SecretUnavailableError,
  type SecretCipher,
} from '../../../../electron/main/lib/secrets';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tracedeck-secrets-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('secret store', () => {
  it('round-trips, overwrites and deletes secrets, never storing them in plain text', () => {
    const store = createSecretStore(dir, createFileKeyCipher(dir));
    store.set('target-1', 'OSK_super_secret');
    store.set('target-2', 'lsv2_other');
    expect(store.get('target-1')).toBe('OSK_super_secret');
    store.set('target-1', 'rotated');
    expect(store.get('target-1')).toBe('rotated');
    store.delete('target-1');
    expect(store.get('target-1')).toBeNull();
    expect(store.get('target-2')).toBe('lsv2_other');
    const file = readFileSync(join(dir, SECRETS_FILE_NAME), 'utf8');
    expect(file).not.toContain('lsv2_other');
    expect(statSync(join(dir, SECRETS_FILE_NAME)).mode & 0o077).toBe(0);
  });

  it('reads the secrets back in a new process with the same key file, but not with another key', () => {
    createSecretStore(dir, createFileKeyCipher(dir)).set('t', 'value');
    expect(createSecretStore(dir, createFileKeyCipher(dir)).get('t')).toBe('value');
    const otherDir = mkdtempSync(join(tmpdir(), 'tracedeck-secrets-other-'));
    const foreignKey = createFileKeyCipher(otherDir);
    expect(() => createSecretStore(dir, foreignKey).get('t')).toThrow();
    rmSync(otherDir, { recursive: true, force: true });
  });

  it('reports a secret sealed by another cipher instead of returning garbage', () => {
    const keychain: SecretCipher = {
      id: 'safe-storage',
      encrypt: (plain) => Buffer.from([...Buffer.from(plain)].reverse()),
      decrypt: (sealed) => Buffer.from([...sealed].reverse()).toString(),
    };
    createSecretStore(dir, keychain).set('t', 'value');
    expect(createSecretStore(dir, keychain).get('t')).toBe('value');
    expect(() => createSecretStore(dir, createFileKeyCipher(dir)).get('t')).toThrow(SecretUnavailableError);
  });
});
