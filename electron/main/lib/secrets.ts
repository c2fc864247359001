import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Turns a secret into bytes only this machine (or this user) can turn back. */
export interface SecretCipher {
  /** Stored with each value, so a value sealed by another cipher is reported, not garbled. */
  id: string;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/**
 * Target credentials, encrypted at rest in a file beside (never inside) the database, so a copied
 * or exported database carries no secrets. Values are read only by the main process to call a
 * source; nothing here is ever sent to the renderer or logged.
 */
export interface SecretStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
}

export const SECRETS_FILE_NAME = 'secrets.json';

/** A stored secret this process cannot decrypt (sealed by the desktop app's OS keychain, say). */
export class SecretUnavailableError extends Error {
  constructor(key: string, cipherId: string) {
    super(
      `The credential for ${key} was saved by another mode of Tracedeck (${cipherId}); enter it again here`,
    );
    this.name = 'SecretUnavailableError';
  }
}

/** A JSON map of key → base64 ciphertext, rewritten atomically with owner-only permissions. */
export function createSecretStore(dataDir: string, cipher: SecretCipher): SecretStore {
  const file = join(dataDir, SECRETS_FILE_NAME);
  const read = (): Record<string, string> =>
    existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const write = (entries: Record<string, string>): void => {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.tmp`;
    writeFileSync(temp, JSON.stringify(entries), { mode: 0o600 });
    renameSync(temp, file);
  };
  return {
    get(key) {
      const sealed = read()[key];
      if (sealed === undefined) return null;
      const [cipherId = '', value = ''] = sealed.split(':');
      if (cipherId !== cipher.id) throw new SecretUnavailableError(key, cipherId);
      return cipher.decrypt(Buffer.from(value, 'base64'));
    },
    set(key, value) {
      write({ ...read(), [key]: `${cipher.id}:${cipher.encrypt(value).toString('base64')}` });
    },
    delete(key) {
      const entries = read();
      if (!(key in entries)) return;
      delete entries[key];
      write(entries);
    },
  };
}

const KEY_FILE_NAME = 'secrets.key';

/**
 * AES-256-GCM with a random key kept in an owner-only file in the data directory: the cipher of
 * the web bridge and command-line modes, where Electron's `safeStorage` (the OS keychain) is not
 * available. It protects against the database or secrets file leaking on their own.
 */
export function createFileKeyCipher(dataDir: string): SecretCipher {
  const keyFile = join(dataDir, KEY_FILE_NAME);
  if (!existsSync(keyFile)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(keyFile, randomBytes(32), { mode: 0o600, flag: 'wx' });
  }
  chmodSync(keyFile, 0o600);
  const key = readFileSync(keyFile);
  return {
    id: 'file-key',
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
