import { parseRetryAfter } from '../../backends/retry';

/**
 * A client for the OpenAI chat-completions protocol (POST {base}/chat/completions) with structured
 * output (`response_format: json_schema`), as the Azure OpenAI v1 API, OpenAI, Ollama and vLLM speak it.
 * Plain fetch: one request per message, no SDK.
 */

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** The JSON schema the answer must follow (strict structured output). */
  schema: Record<string, unknown>;
  schemaName: string;
}

export interface ChatAnswer {
  /** The assistant message's content: JSON text when the endpoint honoured the schema. */
  content: string;
  promptTokens: number;
  completionTokens: number;
}

/** Why no answer came: each is counted, and the classifier's answer stands. */
export type ChatFailure = 'timeout' | 'rate_limited' | 'unavailable' | 'refused_credentials' | 'no_token' | 'invalid_response';

export class ChatCompletionsError extends Error {
  override readonly name = 'ChatCompletionsError';
  constructor(
    readonly failure: ChatFailure,
    readonly status?: number,
    /** With rate_limited: how long the endpoint asked to be left alone. */
    readonly retryAfterMs?: number,
    /** What failed underneath, for the operator: an error's class and code (ECONNREFUSED, CredentialUnavailableError), never its message. */
    readonly detail?: string,
  ) {
    // The message names the failure and status only: an endpoint's error body can quote the prompt.
    super(status === undefined ? failure : `${failure} (HTTP ${status})`);
  }
}

export interface ChatCompletionsOptions {
  baseUrl: string;
  model: string;
  timeoutMs: number;
  temperature?: number;
  /** The Authorization header for each call (an API key, or a fresh Entra token), or none. */
  authorization: () => Promise<string | undefined>;
  /** Headers sent on every call (Azure OpenAI's `api-key`). */
  headers?: Record<string, string>;
  now?: () => number;
}

/** Without Retry-After, a 429 keeps the model out of turns for this long. */
const DEFAULT_RETRY_AFTER_MS = 10_000;
/** And never longer than this, whatever the endpoint says. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

export class ChatCompletionsClient {
  private readonly url: string;
  private readonly now: () => number;
  /**
   * Set by a 429: until then calls fail at once as rate_limited, without a request. It belongs to this
   * client (one per process and endpoint), not to any user: it says the endpoint asked for a pause.
   */
  private coolingUntil = 0;

  constructor(private readonly options: ChatCompletionsOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    this.now = options.now ?? Date.now;
  }

  /** ms the endpoint still asked to wait (0 when calls go out). */
  get coolingMs(): number {
    return Math.max(0, this.coolingUntil - this.now());
  }

  async complete(request: ChatRequest): Promise<ChatAnswer> {
    if (this.coolingMs > 0) throw new ChatCompletionsError('rate_limited', 429, this.coolingMs);
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const deadline = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new ChatCompletionsError('timeout')), { once: true }));
    // The token is part of the budget: a slow identity endpoint must not hold the turn either.
    return Promise.race([this.send(request, signal), deadline]);
  }

  private async send(request: ChatRequest, signal: AbortSignal): Promise<ChatAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...this.options.headers };
    const authorization = await this.options.authorization();
    if (authorization) headers.authorization = authorization;
    const body = {
      model: this.options.model,
      messages: request.messages,
      response_format: { type: 'json_schema', json_schema: { name: request.schemaName, strict: true, schema: request.schema } },
      ...(this.options.temperature !== undefined ? { temperature: this.options.temperature } : {}),
    };
    let res: Response;
    try {
      res = await fetch(this.url, { method: 'POST', headers, body: JSON.stringify(body), signal });
    } catch (e) {
      if (signal.aborted) throw new ChatCompletionsError('timeout');
      // fetch says "fetch failed"; the reason (DNS, refused, TLS) is in its cause's code.
      throw new ChatCompletionsError('unavailable', undefined, undefined, causeCode(e));
    }
    const text = await res.text().catch(() => {
      throw new ChatCompletionsError(signal.aborted ? 'timeout' : 'unavailable', res.status);
    });
    if (res.status === 429) {
      const wait = Math.min(MAX_RETRY_AFTER_MS, retryAfterMs(res.headers, this.now()) ?? DEFAULT_RETRY_AFTER_MS);
      this.coolingUntil = this.now() + wait;
      throw new ChatCompletionsError('rate_limited', 429, wait);
    }
    if (res.status === 401 || res.status === 403) throw new ChatCompletionsError('refused_credentials', res.status);
    if (!res.ok) throw new ChatCompletionsError('unavailable', res.status);
    return answerOf(text, res.status);
  }
}

/** `retry-after-ms` (Azure OpenAI), else Retry-After in seconds or as an HTTP date (backends/retry.ts). */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  return parseRetryAfter(headers.get('retry-after'), now);
}

function answerOf(text: string, status: number): ChatAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ChatCompletionsError('invalid_response', status);
  }
  const choice = (body as { choices?: { message?: { content?: unknown; refusal?: unknown } }[] })?.choices?.[0]?.message;
  // A refusal (the model declined) carries no content: the classifier's answer stands.
  if (typeof choice?.content !== 'string' || choice.refusal) throw new ChatCompletionsError('invalid_response', status);
  const usage = (body as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } }).usage;
  return {
    content: choice.content,
    promptTokens: typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : 0,
    completionTokens: typeof usage?.completion_tokens === 'number' ? usage.completion_tokens : 0,
  };
}

/** The code of a failed fetch's cause (ENOTFOUND, ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT…), if it has one. */
function causeCode(e: unknown): string | undefined {
  const code = (e as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? code.slice(0, 60) : undefined;
}
