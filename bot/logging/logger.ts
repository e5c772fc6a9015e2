import pino from 'pino';
import { redactSecrets } from './redact';

/** The logging surface the domain uses; pino satisfies it, tests can pass a silent one. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/**
 * Structured JSON logs; anything that looks like a credential, and the free text or card input values
 * of an activity should one ever be logged whole, is redacted before it is written (redact.ts), in the
 * line's fields and in a child logger's bindings alike.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, telemetry?: LogTelemetry): Logger {
  if (!telemetry?.enabled) {
    return redacting(pino({ level, base: { app: 'partner-of-record-bot' }, formatters: { log: (object) => redactSecrets(object) } }, destination as pino.DestinationStream));
  }
  // With telemetry on, the same line (already redacted) also goes to the log exporter. A turn's lines carry its
  // trace_id and span_id (the turn's logger has them as bindings), which puts each in its request's trace.
  // stdout as pino writes it by default (buffered, asynchronous): a write per line would cost a system call per line.
  const out = destination ?? pino.destination({ dest: 1, sync: false });
  const tee: pino.DestinationStream = {
    write(line: string) {
      out.write(line);
      telemetry.exportLog(line);
    },
  };
  return redacting(
    pino({ level, base: { app: 'partner-of-record-bot' }, formatters: { log: (object) => redactSecrets(object) } }, tee),
  );
}

/** What the logger needs of the telemetry (telemetry.ts): the log exporter. */
export interface LogTelemetry {
  readonly enabled: boolean;
  exportLog(line: string): void;
}

/** pino's `formatters.log` sees each line's fields; a child's bindings are redacted here, once, when it is made. */
function redacting(logger: pino.Logger): Logger {
  return {
    info: logger.info.bind(logger),
    warn: logger.warn.bind(logger),
    error: logger.error.bind(logger),
    debug: logger.debug.bind(logger),
    child: (bindings) => redacting(logger.child(redactSecrets(bindings))),
  };
}
