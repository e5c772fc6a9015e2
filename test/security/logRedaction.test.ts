import { createLogger } from '../../bot/logging/logger';

/** What a log line written by the bot's logger looks like, parsed. */
function capture() {
  const lines: string[] = [];
  const log = createLogger('debug', { write: (line: string) => void lines.push(line) });
  return { log, last: () => JSON.parse(lines[lines.length - 1]!), raw: () => lines.join('\n') };
}

test('credentials are redacted at any depth, in fields and in a child logger\'s bindings', () => {
  const { log, last, raw } = capture();
  log.info(
    {
      authorization: 'Bearer eyJhbGciOi.top',
      request: { headers: { authorization: 'Bearer eyJhbGciOi.nested', cookie: 'session=abc', accept: 'json' } },
      config: { MicrosoftAppPassword: 'p4ss', GRAPH_CLIENT_SECRET: 'g-secret', BILLING_API_KEY: 'b-key', PORT: 3978 },
      token: { access_token: 'at-1', refresh_token: 'rt-1' },
      list: [{ password: 'in-array' }, 'plain'],
    },
    'a line with secrets',
  );
  const line = last();
  expect(line.authorization).toBe('[redacted]');
  expect(line.request.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]', accept: 'json' });
  expect(line.config).toEqual({ MicrosoftAppPassword: '[redacted]', GRAPH_CLIENT_SECRET: '[redacted]', BILLING_API_KEY: '[redacted]', PORT: 3978 });
  expect(line.token).toBe('[redacted]');
  expect(line.list).toEqual([{ password: '[redacted]' }, 'plain']);
  expect(line.msg).toBe('a line with secrets');

  log.child({ correlationId: 'c-1', token: 'child-token' }).warn({ step: 2 }, 'from a child');
  expect(last()).toMatchObject({ correlationId: 'c-1', token: '[redacted]', step: 2, msg: 'from a child' });
  expect(raw()).not.toMatch(/eyJhbGciOi|p4ss|g-secret|b-key|at-1|rt-1|in-array|session=abc|child-token/);
});

test('an activity logged whole keeps its ids and type, never what the user typed or entered', () => {
  const { log, last } = capture();
  const activity = { type: 'message', id: 'a-1', text: 'my password is hunter2', value: { partnerId: '4391507' }, conversation: { id: 'c' } };
  log.info({ activity, wrapped: { activity } }, 'inbound');
  const line = last();
  expect(line.activity).toEqual({ type: 'message', id: 'a-1', text: '[redacted]', value: '[redacted]', conversation: { id: 'c' } });
  expect(line.wrapped.activity.text).toBe('[redacted]');
  // A field named text elsewhere is not an activity's: it stays.
  log.info({ text: 'shown' }, 'not an activity');
  expect(last().text).toBe('shown');
  // The caller's object is not changed by the redaction.
  expect(activity.text).toBe('my password is hunter2');
});

test('errors are still logged with their message and stack', () => {
  const { log, last } = capture();
  const e = new Error('billing said no');
  log.error({ err: { name: e.name, message: e.message, stack: e.stack } }, 'failed');
  expect(last().err).toMatchObject({ name: 'Error', message: 'billing said no' });
  log.error({ err: e }, 'failed again');
  expect(last().err.message).toBe('billing said no');
});
