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
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return redacting(
    pino({ level, base: { app: 'partner-of-record-bot' }, formatters: { log: (object) => redactSecrets(object) } }, destination as pino.DestinationStream),
  );
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
