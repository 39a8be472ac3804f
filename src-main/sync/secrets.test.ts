import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createBarwise } from '../barwise';
import { tempDir } from '../test-support/temp-dir';
import { encryptedFileSecretStore, readSecretFile, type SecretCipher } from './secrets';
import { PASSWORD_SECRET } from './service';
import { startFaultProxy } from './test-support/fault-proxy';
import { until } from './test-support/sync-fixtures';
import { realServer, teamSchema, testPg } from './test-support/team-server';

/** AES-GCM with a key of the test's: the file store's cipher, as safeStorage is in the app. */
function testCipher(): SecretCipher {
  const key = randomBytes(32);
  return {
    description: 'a test key',
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

/** Every file under `dir` (the SQLite file, its WAL and shared memory, anything else) as bytes. */
function filesUnder(dir: string): Array<[string, Buffer]> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return [path, readFileSync(path)] as [string, Buffer];
    });
}

describe('the team password', () => {
  it('never reaches SQLite, a log line, an error message or an API answer', async () => {
    const password = `p@ss:w/rd ${randomBytes(8).toString('hex')}`;
    const forms = [password, encodeURIComponent(password)];
    const dataDir = tempDir('barwise-secret-');
    const logged: string[] = [];
    for (const method of ['log', 'warn', 'error', 'info', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
    const proxy = await startFaultProxy(testPg().url);
    await proxy.down();
    const secretsFile = join(tempDir(), 'secrets.json');
    const store = encryptedFileSecretStore(secretsFile, testCipher());
    const barwise = createBarwise({ dataDir, threads: 1, env: {}, secrets: store, sync: { timing: { intervalMs: 30, backoffBaseMs: 30, backoffMaxMs: 100 } } });
    const answers: unknown[] = [];
    const errors: string[] = [];
    const collect = async (work: Promise<unknown>) => {
      try {
        answers.push(await work);
      } catch (error) {
        errors.push(`${(error as { code?: string }).code}: ${(error as Error).message}`);
      }
    };
    try {
      const schema = teamSchema();
      // A server that is down: the background sync fails, logs and retries.
      answers.push(
        await barwise.client.team.configure({
          connectionString: `postgres://barwise_test:${encodeURIComponent(password)}@127.0.0.1:${proxy.port}/barwise_test?sslmode=disable&schema=${schema}`,
          enabled: true,
        }),
      );
      await until('the sync to fail once', () => barwise.sync.status().lastError !== null);
      await collect(barwise.client.team.syncNow({}));
      await collect(barwise.client.team.testConnection({}));
      await collect(barwise.client.team.testConnection({ connectionString: `postgres://someone:${encodeURIComponent(password)}@no-such-host.invalid/db` }));
      // A real server that refuses the password.
      if (realServer()) {
        const real = new URL(testPg().url);
        await collect(
          barwise.client.team.configure({
            connection: { host: real.hostname, port: Number(real.port), database: 'barwise_test', user: 'barwise_test', sslMode: 'disable', schema },
            password,
          }),
        );
        await collect(barwise.client.team.syncNow({}));
        expect(errors.at(-1)).toMatch(/^TEAM_AUTH_FAILED: /);
      }
      answers.push(await barwise.client.team.status({}), await barwise.client.team.settings({}), await barwise.client.health.report({}));
      expect(answers.some((a) => (a as { passwordStored?: boolean }).passwordStored === true)).toBe(true);
      expect(store.get(PASSWORD_SECRET)).toBe(password);
      expect(errors.length).toBeGreaterThanOrEqual(2);
      expect(logged.some((line) => line.includes('team sync'))).toBe(true);
    } finally {
      await barwise.close();
      await proxy.close();
      vi.restoreAllMocks();
    }
    const haystacks: Array<[string, string]> = [
      ...filesUnder(dataDir).map(([path, bytes]) => [path, bytes.toString('latin1')] as [string, string]),
      ['the secrets file', readFileSync(secretsFile, 'latin1')],
      ['logs', logged.join('\n')],
      ['errors', errors.join('\n')],
      ['API answers', JSON.stringify(answers)],
    ];
    for (const [where, text] of haystacks) {
      for (const form of forms) expect(text.includes(form), `the password in ${where}`).toBe(false);
    }
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
  });

  it('keeps secrets encrypted in a 0600 file, and forgets them when asked', () => {
    const file = join(tempDir(), 'secrets.json');
    const cipher = testCipher();
    const store = encryptedFileSecretStore(file, cipher);
    store.set('team-password', 'hunter2-secret');
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2-secret');
    expect(encryptedFileSecretStore(file, cipher).get('team-password')).toBe('hunter2-secret');
    // Another key (another user's keychain) reads nothing rather than failing.
    expect(encryptedFileSecretStore(file, testCipher()).get('team-password')).toBeUndefined();
    store.delete('team-password');
    expect(store.get('team-password')).toBeUndefined();
  });

  it('reads a secret file only when its mode keeps it to its owner', () => {
    const file = join(tempDir(), 'url');
    writeFileSync(file, 'postgres://u:pw@h/db\n', { mode: 0o600 });
    expect(readSecretFile(file)).toBe('postgres://u:pw@h/db');
    chmodSync(file, 0o640);
    expect(() => readSecretFile(file, 'metrics token file')).toThrow(`The metrics token file ${file} has mode 0640`);
    writeFileSync(join(file + '-empty'), '', { mode: 0o600 });
    expect(() => readSecretFile(file + '-empty')).toThrow(/is empty/);
  });
});
