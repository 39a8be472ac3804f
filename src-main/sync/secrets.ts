import { chmodSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { BarwiseError } from '../../src-shared/errors';
import { parseConnectionString, type TeamTarget } from './connection';

/**
 * Where the team password is kept. The desktop app's store encrypts it with Electron's
 * safeStorage (src-main/electron/secret-store.ts); elsewhere it is held in memory only. Main uses
 * this interface and never imports electron. A secret never goes to SQLite or a log.
 */
export interface SecretStore {
  /** Where secrets are kept, in words for the Settings page. */
  readonly description: string;
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
}

export function memorySecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  return {
    description: 'memory only, until Barwise quits (set BARWISE_PG_URL or BARWISE_PG_URL_FILE to keep it)',
    get: (name) => secrets.get(name),
    set: (name, value) => void secrets.set(name, value),
    delete: (name) => void secrets.delete(name),
  };
}

/**
 * A secret (a connection string, a metrics token) from a file that only its owner can read (mode
 * 0600 or stricter): a file others can read is refused, naming the path and its mode, before it
 * is read.
 */
export function readSecretFile(path: string, what = 'team connection file'): string {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    throw new BarwiseError('TEAM_NOT_CONFIGURED', `Cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    throw new BarwiseError(
      'TEAM_SECRET_FILE_UNSAFE',
      `The ${what} ${path} has mode ${octal}: other users can read the secret in it. Run \`chmod 600 ${path}\``,
    );
  }
  const text = readFileSync(path, 'utf8').trim();
  if (text === '') throw new BarwiseError('TEAM_NOT_CONFIGURED', `The ${what} ${path} is empty`);
  return text;
}

export type TargetSource = 'environment' | 'file';

/** BARWISE_PG_URL, else BARWISE_PG_URL_FILE (a 0600 file holding the URL); undefined when neither is set. */
export function targetFromEnvironment(env: NodeJS.ProcessEnv): { target: TeamTarget; source: TargetSource } | undefined {
  if (env.BARWISE_PG_URL) return { target: parseConnectionString(env.BARWISE_PG_URL), source: 'environment' };
  if (env.BARWISE_PG_URL_FILE) return { target: parseConnectionString(readSecretFile(env.BARWISE_PG_URL_FILE)), source: 'file' };
  return undefined;
}

/** Encrypts and decrypts secrets at rest: Electron's safeStorage in the app (src-main/electron/secret-store.ts). */
export interface SecretCipher {
  /** Where the key lives, in words ("the system keychain"). */
  readonly description: string;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/**
 * Secrets encrypted by `cipher`, kept in one JSON file of name → base64 ciphertext with mode 0600
 * (beside the data, never inside SQLite). A file that cannot be read or decrypted (another user's
 * keychain, a reinstall) reads as empty: the password is asked for again.
 */
export function encryptedFileSecretStore(file: string, cipher: SecretCipher): SecretStore {
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const write = (entries: Record<string, string>) => {
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(entries), { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, file);
  };
  return {
    description: cipher.description,
    get(name) {
      const sealed = read()[name];
      if (sealed === undefined) return undefined;
      try {
        return cipher.decrypt(Buffer.from(sealed, 'base64'));
      } catch {
        return undefined;
      }
    },
    set(name, value) {
      write({ ...read(), [name]: cipher.encrypt(value).toString('base64') });
    },
    delete(name) {
      const entries = read();
      delete entries[name];
      write(entries);
    },
  };
}
