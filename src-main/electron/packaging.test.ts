import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// electron-builder's own loader and schema check (internal paths of its app-builder-lib): the test
// reads the configuration exactly as `npm run package` will, whichever file or key it comes from.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the electron-builder configuration', () => {
  it('passes electron-builder’s schema, so no fuse name is misspelt', async () => {
    const config = await getConfig(root, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The check has teeth: an unknown fuse is refused.
    await expect(
      validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } as never }, new DebugLogger(false)),
    ).rejects.toThrow(/electronFuses/);
  });

  it('flips every fuse the packaged app must ship with', async () => {
    const { electronFuses, asar } = await getConfig(root, null, null);
    expect(electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // onlyLoadAppFromAsar and the integrity check mean nothing without the archive.
    expect(asar).toBe(true);
  });
});
