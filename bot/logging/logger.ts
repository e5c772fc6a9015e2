import pino from 'pino';

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
 * of an activity should one ever be logged whole, is redacted before it is written.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
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
        'accessToken',
        '*.accessToken',
        'access_token',
        '*.access_token',
        'client_secret',
        '*.client_secret',
        'cookie',
        '*.cookie',
        '*.headers.cookie',
        'GRAPH_CLIENT_SECRET',
        'BILLING_API_KEY',
        // Activities: what a user typed and what they entered in card inputs.
        'activity.text',
        'activity.value',
        '*.activity.text',
        '*.activity.value',
      ],
      censor: '[redacted]',
    },
  }, destination as pino.DestinationStream);
}
