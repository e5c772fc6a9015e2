import { fork, type ChildProcess } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import type { FromTarget, StorageStats, TargetStats, ToTarget } from './targetProtocol';

/** A target process forked by the bench, driven over IPC. */
export class Target {
  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(name: string, file: string, env: Record<string, string> = {}, execArgv: string[] = []): Promise<Target> {
    // Compiled (dist/bench, what `npm run bench` runs) or TypeScript through tsx's loader (development).
    const compiled = __filename.endsWith('.js');
    const child = fork(isAbsolute(file) ? file : join(__dirname, compiled ? file.replace(/\.ts$/, '.js') : file), [], {
      execArgv: ['--no-deprecation', ...(compiled ? [] : ['--import', 'tsx']), ...execArgv],
      env: { ...process.env, ...env },
      // Logs go nowhere (as under a process manager writing to a pipe nobody reads slowly); errors stay visible.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      const onMessage = (m: FromTarget) => {
        if (m.type === 'ready') {
          child.off('exit', onExit);
          child.off('message', onMessage);
          resolve(m.url);
        }
      };
      const onExit = (code: number | null) => reject(new Error(`${name} exited during start-up (code ${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    return new Target(name, child, url);
  }

  private ask<T extends FromTarget['type']>(msg: ToTarget, answer: T): Promise<Extract<FromTarget, { type: T }>> {
    return new Promise((resolve) => {
      const onMessage = (m: FromTarget) => {
        if (m.type === answer) {
          this.child.off('message', onMessage);
          resolve(m as Extract<FromTarget, { type: T }>);
        }
      };
      this.child.on('message', onMessage);
      this.child.send(msg);
    });
  }

  async stats(reset = false): Promise<TargetStats> {
    return (await this.ask({ type: 'stats', reset }, 'stats')).stats;
  }

  async profile(action: 'start' | 'stop', file?: string): Promise<void> {
    await this.ask({ type: 'profile', action, file }, 'profile');
  }

  async probe(on: boolean): Promise<void> {
    await this.ask({ type: 'probe', on }, 'probe');
  }

  async gc(): Promise<void> {
    await this.ask({ type: 'gc' }, 'gc');
  }

  async storage(): Promise<StorageStats> {
    return (await this.ask({ type: 'storage' }, 'storage')).storage;
  }

  /** Asks the target to close its server and data, and waits for the process to end. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies ToTarget);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  disconnect(): void {
    if (this.child.connected) this.child.disconnect();
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
