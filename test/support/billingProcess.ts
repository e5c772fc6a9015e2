import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(__dirname, '..', '..');

/** `npm run billing:serve` as its own process (what an organization runs, or puts behind API Management). */
export class BillingProcess {
  readonly logs: any[] = [];
  baseUrl = '';
  private exit!: Promise<unknown>;

  private constructor(readonly child: ChildProcess) {}

  static async start(env: Record<string, string>, timeoutMs = 30_000): Promise<BillingProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bot/billing/http/serveBilling.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_NO_WARNINGS: '1', BILLING_SERVE_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const billing = new BillingProcess(child);
    billing.exit = new Promise((resolve) => child.once('exit', resolve));
    const stderr: string[] = [];
    child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`billing service did not start: ${stderr.join('')}`)), timeoutMs);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let entry: any;
        try {
          entry = JSON.parse(line);
        } catch {
          return;
        }
        billing.logs.push(entry);
        if (entry.msg === 'billing service listening') {
          billing.baseUrl = String(entry.url).replace(/\/v1$/, '');
          clearTimeout(timer);
          resolve();
        }
      });
      void billing.exit.then(() => {
        clearTimeout(timer);
        reject(new Error(`billing service exited before listening: ${stderr.join('')}`));
      });
    });
    return billing;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exit;
  }
}
