import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../bot/config/config';
import { ROOT } from '../../bot/paths';
import { otlpUrl } from '../../bot/telemetry/openTelemetry';
import { OtlpReceiver } from '../support/telemetryReceivers';

const base = { DEMO_SEED: 'false', NODE_ENV: 'development' };

test('each signal goes to its own endpoint when given, else to the base endpoint with /v1/<signal>, as OpenTelemetry specifies', () => {
  const config = loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/otel', OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'https://logs.example/ingest' });
  expect(otlpUrl(config, 'traces')).toBe('http://collector:4318/otel/v1/traces');
  expect(otlpUrl(config, 'metrics')).toBe('http://collector:4318/otel/v1/metrics');
  expect(otlpUrl(config, 'logs')).toBe('https://logs.example/ingest');
  expect(otlpUrl(loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }), 'traces')).toBe('http://collector:4318/v1/traces');
});

// The exporters would read OTEL_EXPORTER_OTLP_ENDPOINT from the process's environment themselves; a bot whose
// configuration came from elsewhere (the bench's target, a host that loads it from a file) exported nowhere.
test('spans, metrics and logs go where the configuration says, with nothing in the environment', async () => {
  const receiver = await new OtlpReceiver().start();
  const dir = mkdtempSync(join(tmpdir(), 'por-otlp-'));
  try {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && !k.startsWith('APPLICATIONINSIGHTS_')));
    const exit = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'exportOnce.ts'), receiver.url, dir], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
      child.on('exit', resolve);
    });
    expect(exit).toBe(0);
    expect(receiver.spans.map((s) => s.name)).toEqual(['turn message']);
    expect(receiver.logs.map((l) => l.body)).toEqual(['activity received']);
    expect(receiver.metrics.map((m) => m.name)).toEqual(expect.arrayContaining(['bot.turns', 'bot.turn.duration']));
  } finally {
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
