import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', 'node_modules', '.bin', 'azurite-blob');
/** Azurite's well-known development account (public, documented; not a secret). */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  connectionString: string;
  /** The account's blob endpoint (https with `oauth`): what BLOB_ACCOUNT_URL names. */
  accountUrl: string;
  stop(): Promise<void>;
}

/**
 * Azurite's blob service in memory on a free loopback port (DOMAIN.md §8), stopped by the test. With
 * `oauth` it serves HTTPS with that certificate and takes Entra bearer tokens (`--oauth basic`: lifetime,
 * issuer and audience checked, as Blob Storage does; the signature is not).
 */
export async function startAzurite(options: { oauth?: { cert: string; key: string; dir: string } } = {}): Promise<RunningAzurite> {
  const port = await freePort();
  const tls: string[] = [];
  if (options.oauth) {
    const { writeFileSync } = require('node:fs') as typeof import('node:fs');
    writeFileSync(join(options.oauth.dir, 'azurite-cert.pem'), options.oauth.cert);
    writeFileSync(join(options.oauth.dir, 'azurite-key.pem'), options.oauth.key);
    tls.push('--oauth', 'basic', '--cert', join(options.oauth.dir, 'azurite-cert.pem'), '--key', join(options.oauth.dir, 'azurite-key.pem'));
  }
  const child: ChildProcess = spawn(
    BIN,
    ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--skipApiVersionCheck', '--disableTelemetry', '--silent', ...tls],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const scheme = options.oauth ? 'https' : 'http';
  const endpoint = `${scheme}://127.0.0.1:${port}/${ACCOUNT}`;
  const until = Date.now() + 20_000;
  for (;;) {
    if (await listening(port)) break;
    if (Date.now() > until || child.exitCode !== null) throw new Error('Azurite did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    accountUrl: endpoint,
    connectionString: `DefaultEndpointsProtocol=${scheme};AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${endpoint};`,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Whether something accepts connections on the port (Azurite, over HTTP or HTTPS). */
function listening(port: number): Promise<boolean> {
  const { connect } = require('node:net') as typeof import('node:net');
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
