import pino from 'pino';

/** The logging surface the domain uses; pino satisfies it, tests can pass a silent one. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** Structured JSON logs; anything that looks like a credential is redacted before it is written. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'partner-of-record-bot' },
    redact: {
      paths: [
        'authorization',
        '*.authorization',
        'headers.authorization',
        '*.headers.authorization',
        'MicrosoftAppPassword',
        '*.MicrosoftAppPassword',
        'password',
        '*.password',
        'token',
        '*.token',
        'secret',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  });
}
