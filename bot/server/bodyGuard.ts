import type { Next, Request, Response, Server } from 'restify';
import type { Logger } from '../logging/logger';

/** Largest request body read; a Teams activity with a full card stays far below (card budget 28 KB). */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Refuses before the body is read: a declared length over the limit (413), and any content-encoding
 * (415): a small gzip body can expand to hundreds of megabytes, and Teams does not compress what it
 * posts to bots.
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

const tooLarge = { error: { code: 'PayloadTooLarge', message: 'The body is too large.' } };
const notJson = { error: { code: 'BadRequest', message: 'The body is not valid JSON.' } };

/**
 * Reads a JSON body (after `bodyGuard`) into `req.body`, keeping at most `maxBytes` in memory also
 * when no length was declared (chunked): 413 beyond it, 400 for anything but JSON. In place of
 * restify's bodyParser, whose other formats a bot posted only JSON does not need, and which costs each
 * of the first 10,000 requests a stack walk (it calls the deprecated `new Buffer()`; Node then checks
 * whether the caller is inside node_modules).
 */
export function jsonBody(maxBytes: number) {
  return (req: Request, res: Response, next: Next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else chunks.length = 0; // read on to the end (so the answer can be sent) but keep nothing
    });
    req.once('error', (e) => next(e));
    req.once('end', () => {
      if (size > maxBytes) {
        res.setHeader('connection', 'close');
        res.send(413, tooLarge);
        return next(false);
      }
      if (size === 0) return next();
      try {
        req.body = JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
      } catch {
        res.send(400, notJson);
        return next(false);
      }
      return next();
    });
  };
}

/** restify's own errors (a throwing handler, an unknown route or method) answer with our words, never an exception's. */
export function genericErrors(server: Server, log: Logger): void {
  server.on('restifyError', (req: Request, _res: Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) log.error({ err: { name: err.name, message: err.message, stack: err.stack }, method: req.method, path: req.path() }, 'request failed');
    const [code, message] = status >= 500 ? ['InternalError', 'The request could not be handled.'] : [err.name.replace(/Error$/, ''), 'The request was refused.'];
    err.toJSON = () => ({ error: { code, message } });
    return callback();
  });
}
