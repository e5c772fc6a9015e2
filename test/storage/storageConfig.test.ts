import { ConfigError, loadConfig } from '../../bot/config/config';

test('blob storage needs its connection string, and the container name follows Azure rules', () => {
  expect(() => loadConfig({ STORE_BACKEND: 'blob' })).toThrow(/BLOB_CONNECTION_STRING: BLOB_CONNECTION_STRING is required when STORE_BACKEND=blob/);
  expect(() => loadConfig({ STORE_BACKEND: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true', BLOB_CONTAINER: 'Bad_Name' })).toThrow(ConfigError);
  expect(() => loadConfig({ STORE_BACKEND: 'disk' })).toThrow(/STORE_BACKEND/);
  expect(() => loadConfig({ CONFIRM_ACK_MS: '20000' })).toThrow(/CONFIRM_ACK_MS/);
  const ok = loadConfig({ STORE_BACKEND: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true' });
  expect([ok.BLOB_CONTAINER, ok.CONFIRM_ACK_MS, ok.APPLY_LEASE_MS, ok.RECOVERY_INTERVAL_MS]).toEqual(['partner-bot', 3000, 60000, 15000]);
  expect(loadConfig({}).STORE_BACKEND).toBe('sqlite');
});
