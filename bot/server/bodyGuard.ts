import type { Next, Request, Response, Server } from 'restify';
import type { Logger } from '../logging/logger';

/** Largest request body read; a Teams activity with a full card stays far below (card budget 28 KB). */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Refuses before the body is read: a declared length over the limit (413), and any content-encoding
 * (415) — restify's body reader counts compressed bytes but gunzips without a limit, so a small
 * gzip body could expand to hundreds of megabytes. Teams does not compress what it posts to bots.
 */
export function bodyGuard(maxBytes: number) {
  return (req: Request, res: Response, next: Next) => {
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      res.send(415, { error: { code: 'UnsupportedMediaType', message: 'Compressed bodies are not accepted.' } });
      return next(false);
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(length) && length > maxBytes) {
      // Closing stops the client from streaming the rest at us.
      res.setHeader('connection', 'close');
      res.send(413, { error: { code: 'PayloadTooLarge', message: `The body is larger than ${maxBytes} bytes.` } });
      return next(false);
    }
    return next();
  };
}

const GENERIC: Record<number, [string, string]> = {
  400: ['BadRequest', 'The body is not valid JSON.'],
  413: ['PayloadTooLarge', 'The body is too large.'],
};

/** restify's own errors (bad JSON, too large, a throwing handler) answer with our words, never an exception's. */
export function genericErrors(server: Server, log: Logger): void {
  server.on('restifyError', (req: Request, _res: Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) log.error({ err: { name: err.name, message: err.message, stack: err.stack }, method: req.method, path: req.path() }, 'request failed');
    const [code, message] = GENERIC[status] ?? (status >= 500 ? ['InternalError', 'The request could not be handled.'] : [err.name.replace(/Error$/, ''), 'The request was refused.']);
    err.toJSON = () => ({ error: { code, message } });
    return callback();
  });
}
