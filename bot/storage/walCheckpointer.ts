import { Worker } from 'node:worker_threads';

/**
 * The thread's code, plain CommonJS so that it runs the same under tsc's output, tsx and ts-jest.
 * PASSIVE copies what is committed into the database file without waiting for (or blocking) the
 * writer; a checkpoint already running elsewhere makes it return busy, and the next tick tries again.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
let timer;
let lastLog = 0;
const tick = () => {
  const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
  // Back to back only while the writer is still adding frames near its threshold, not when idle there.
  const soon = log >= workerData.soonFrames && log !== lastLog;
  lastLog = log;
  timer = setTimeout(tick, soon ? 1 : workerData.intervalMs);
};
timer = setTimeout(tick, workerData.intervalMs);
parentPort.once('message', () => {
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointerOptions {
  /** How often the thread checkpoints. */
  intervalMs?: number;
  /**
   * When the thread starts (default 5 s). Not with the store: booting a thread's Node environment
   * made the bot's start-up to first answer ~0.2 s slower (of ~1.4 s) on 2 cores; meanwhile the
   * writer checkpoints on its own, as without the thread.
   */
  startAfterMs?: number;
  /** The writer's own threshold (wal_autocheckpoint): nearing it, the thread checkpoints without pausing. */
  autocheckpointFrames: number;
  /** The thread stopped on its own (an error, or it was terminated). */
  onStopped(error: Error): void;
}

export interface Checkpointer {
  /** Stops the thread and waits for it to close its connection. */
  stop(): Promise<void>;
}

/**
 * Copies a WAL-mode SQLite file's committed WAL frames into the file from a worker thread with its own
 * connection. SQLite checkpoints inside whichever commit crosses wal_autocheckpoint, on the committing
 * thread: under load that was a 25–38 ms stall of the bot's event loop about once a second (copying
 * ~16 MB of frames, then fsync), felt by every turn waiting on it (docs/benchmark.md). The writer
 * keeps its threshold: only its own checkpoint can let the WAL start again from the beginning while it
 * writes without pause, so left to a thread alone the WAL grew by ~25 MB/s under load. The thread
 * copies ahead of it, without pausing as the threshold nears, so that the writer's checkpoint finds
 * little left to copy and sync.
 */
export function startWalCheckpointer(file: string, options: WalCheckpointerOptions): Checkpointer {
  let thread: Checkpointer | undefined;
  const timer = setTimeout(() => (thread = startThread(file, options)), options.startAfterMs ?? 5000);
  // Neither the timer nor the thread keeps the process alive; closing the store stops both.
  timer.unref();
  return {
    stop: async () => {
      clearTimeout(timer);
      await thread?.stop();
    },
  };
}

function startThread(file: string, options: WalCheckpointerOptions): Checkpointer {
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { file, driver: require.resolve('better-sqlite3'), intervalMs: options.intervalMs ?? 200, soonFrames: Math.floor(options.autocheckpointFrames * 0.75) },
  });
  worker.unref();
  let stopping = false;
  let failure: Error | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.once('error', (e) => (failure = e));
  void exited.then(() => {
    if (!stopping) options.onStopped(failure ?? new Error(`WAL checkpoint thread for ${file} exited`));
  });
  return {
    stop: async () => {
      stopping = true;
      worker.ref(); // waiting for it must keep the process alive
      worker.postMessage('stop');
      await exited;
    },
  };
}
