import { join } from 'node:path';
import { safeStorage } from 'electron';
import { encryptedFileSecretStore, memorySecretStore, type SecretStore } from '../sync/secrets';

/**
 * The desktop app's secret store: the team password encrypted with Electron's safeStorage (the OS
 * keychain: Keychain, DPAPI, kwallet or libsecret) in `team-secrets.json` (mode 0600) in the
 * userData dir. Where safeStorage would fall back to a hard-coded key (Linux without a keyring:
 * the `basic_text` backend), the password is kept in memory only, and the Settings page says so.
 */
export function safeStorageSecretStore(userDataDir: string): SecretStore {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text' || backend === 'unknown') {
    return {
      ...memorySecretStore(),
      description: 'memory only, until Barwise quits: this system has no keychain Electron can use',
    };
  }
  return encryptedFileSecretStore(join(userDataDir, 'team-secrets.json'), {
    description: 'the system keychain (Electron safeStorage)',
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  });
}
