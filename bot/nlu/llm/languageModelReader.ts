import type { TokenCredential } from '@azure/core-auth';
import { errorKind } from '../../telemetry/telemetry';
import type { Language } from '../../i18n/i18n';
import type { Intent, ParseContext, ParsedRequest } from '../intents';
import { fold, plainText, tokens } from '../normalize';
import { namedCompany, type NamedPartner } from '../partnerNames';
import { ChatCompletionsClient, ChatCompletionsError, type ChatFailure } from './chatCompletions';
import type { LanguageModelConfig } from './languageModelConfig';
import { answerJsonSchema, readAnswer, type ModelAnswer } from './modelReading';
import { promptMessages, type PromptPrevious, type PromptTenant } from './prompt';

/** The model's reading of a message, checked: only IDs the text carries, only the tenant's subscriptions, only companies the text names. */
export interface ModelReading {
  intent: Intent;
  confidence: number;
  /** The new Partner ID, one of those the parser found in the text. */
  partnerId?: string;
  partnerNames: NamedPartner[];
  subscriptionIds: string[];
  switchLanguage?: Language;
}

/**
 * Why the model's answer was not used: the endpoint's failures, an answer outside the schema, or a
 * Partner ID the text does not carry (the model read something that is not there: none of its answer is used).
 */
export type ModelFailure = ChatFailure | 'invalid_answer' | 'invented_id';

export type ModelOutcome =
  | { ok: true; reading: ModelReading; ms: number; tokens: number }
  | { ok: false; failure: ModelFailure; ms: number; tokens: number; status?: number; retryAfterMs?: number; detail?: string };

export interface ModelInput {
  text: string;
  /** The classifier's reading: its Partner IDs are the only ones the model may choose. */
  parsed: ParsedRequest;
  context: ParseContext;
  tenant: PromptTenant;
  previous?: PromptPrevious;
}

/** The port the conversation pipeline consults (bot/conversation/secondOpinion.ts). */
export interface LanguageModelReader {
  readonly mode: 'unsure' | 'always';
  /** The model or deployment name, for telemetry. */
  readonly model: string;
  read(input: ModelInput): Promise<ModelOutcome>;
}

export class ChatModelReader implements LanguageModelReader {
  constructor(
    readonly mode: 'unsure' | 'always',
    readonly model: string,
    private readonly client: ChatCompletionsClient,
  ) {}

  async read(input: ModelInput): Promise<ModelOutcome> {
    const started = performance.now();
    const ms = () => performance.now() - started;
    let content: string;
    let tokensUsed = 0;
    try {
      const answer = await this.client.complete({ messages: promptMessages(input.text, input.tenant, input.previous), schema: answerJsonSchema(input.context.catalog), schemaName: 'partner_request' });
      content = answer.content;
      tokensUsed = answer.promptTokens + answer.completionTokens;
    } catch (e) {
      if (!(e instanceof ChatCompletionsError)) throw e;
      return {
        ok: false,
        failure: e.failure,
        ms: ms(),
        tokens: 0,
        ...(e.status !== undefined ? { status: e.status } : {}),
        ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
        ...(e.detail !== undefined ? { detail: e.detail } : {}),
      };
    }
    const answer = readAnswer(content);
    if (!answer) return { ok: false, failure: 'invalid_answer', ms: ms(), tokens: tokensUsed };
    const reading = checkedReading(answer, input);
    if (reading === 'invented_id') return { ok: false, failure: 'invented_id', ms: ms(), tokens: tokensUsed };
    return { ok: true, reading, ms: ms(), tokens: tokensUsed };
  }
}

/** The answer kept to what the text and the tenant hold. */
function checkedReading(answer: ModelAnswer, { text, parsed, context }: ModelInput): ModelReading | 'invented_id' {
  const idsInText = new Set([parsed.partnerId, ...parsed.otherPartnerIds].filter((id): id is string => id !== undefined));
  // null or "" for none; any other answer must be one of the text's IDs (spaces and dashes aside).
  const written = answer.newPartnerId?.trim() ?? '';
  const chosen = written.replace(/\D/g, '');
  if (written !== '' && !idsInText.has(chosen)) return 'invented_id';
  const words = tokens(fold(plainText(text)));
  const partnerNames: NamedPartner[] = [];
  for (const p of answer.partners) {
    const named = namedCompany(words, p.name, context.partners);
    // A company the text does not name is dropped: its ID could otherwise come from the tenant's list.
    if (!named.inText) continue;
    partnerNames.push({ name: named.known?.name ?? p.name, ...(named.known ? { known: named.known } : {}), target: p.role === 'new', ...(p.role === 'old' ? { replaced: true } : {}) });
  }
  const byName = new Map(context.catalog.map((s) => [s.name.toLowerCase(), s.id]));
  const subscriptionIds = [...new Set(answer.subscriptions.map((n) => byName.get(n.toLowerCase())).filter((id): id is string => id !== undefined))];
  const reading: ModelReading = { intent: answer.intent, confidence: answer.confidence, partnerNames, subscriptionIds };
  if (chosen) reading.partnerId = chosen;
  if (answer.replyLanguage) reading.switchLanguage = answer.replyLanguage;
  return reading;
}

/** The reader the settings ask for, or undefined with NLU_LLM=off. `identity`: the bot's own, for LLM_AUTH=managedIdentity. */
export function createLanguageModelReader(config: LanguageModelConfig, identity?: { credential: TokenCredential }): LanguageModelReader | undefined {
  if (config.NLU_LLM === 'off') return undefined;
  const authorization = async (): Promise<string | undefined> => {
    if (config.LLM_AUTH === 'apiKey') return `Bearer ${config.LLM_API_KEY}`;
    if (config.LLM_AUTH === 'none') return undefined;
    if (!identity) throw new Error('LLM_AUTH=managedIdentity needs the bot identity');
    // The Azure SDK credentials cache the token until shortly before it expires.
    const token = await identity.credential.getToken(config.LLM_SCOPE);
    if (!token) throw new ChatCompletionsError('no_token');
    return `Bearer ${token.token}`;
  };
  const client = new ChatCompletionsClient({
    baseUrl: config.LLM_BASE_URL!,
    model: config.LLM_MODEL!,
    timeoutMs: config.LLM_TIMEOUT_MS,
    // Azure OpenAI takes its key in `api-key` (the v1 API also as a bearer token): sent both ways there.
    ...(config.LLM_AUTH === 'apiKey' && isAzureOpenAi(config.LLM_BASE_URL!) ? { headers: { 'api-key': config.LLM_API_KEY! } } : {}),
    authorization: async () => {
      try {
        return await authorization();
      } catch (e) {
        // No token (the identity endpoint down or refusing): the model is unavailable for this message.
        throw e instanceof ChatCompletionsError ? e : new ChatCompletionsError('no_token', undefined, undefined, errorKind(e));
      }
    },
    ...(config.LLM_TEMPERATURE !== undefined ? { temperature: config.LLM_TEMPERATURE } : {}),
  });
  return new ChatModelReader(config.NLU_LLM, config.LLM_MODEL!, client);
}

/** An Azure OpenAI or Azure AI Foundry endpoint, by its host. */
export function isAzureOpenAi(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname.toLowerCase();
  return ['.openai.azure.com', '.cognitiveservices.azure.com', '.services.ai.azure.com'].some((suffix) => host.endsWith(suffix));
}
