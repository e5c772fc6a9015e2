import { z } from 'zod';

const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());

/** Azure OpenAI's Entra scope: what a token for the bot's own identity is asked for. */
export const AZURE_OPENAI_SCOPE = 'https://cognitiveservices.azure.com/.default';

/**
 * An optional language model that reads the messages the classifier is unsure about (docs/nlu.md,
 * "A language model"). Off by default: the classifier alone is fast, free, private and offline.
 * Any OpenAI-compatible chat-completions endpoint: the Azure OpenAI v1 API, OpenAI, Ollama, vLLM.
 */
export const languageModelConfigShape = {
  /** off: never. unsure: only the messages the classifier would ask back about. always: every message (evaluation, or a strong model). */
  NLU_LLM: z.enum(['off', 'unsure', 'always']).default('off'),
  /** The endpoint's base URL, up to the path /chat/completions is appended to, e.g. https://NAME.openai.azure.com/openai/v1 or http://127.0.0.1:11434/v1. */
  LLM_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  /** The model (OpenAI, Ollama, vLLM) or deployment name (Azure OpenAI). */
  LLM_MODEL: optionalString,
  /** apiKey: LLM_API_KEY as a bearer token (OpenAI, the Azure OpenAI v1 API). managedIdentity: an Entra token of the bot's own identity. none: a local server without keys. */
  LLM_AUTH: z.enum(['apiKey', 'managedIdentity', 'none']).default('apiKey'),
  LLM_API_KEY: optionalString,
  /** With LLM_AUTH=managedIdentity: the scope of the token (Azure OpenAI's by default). */
  LLM_SCOPE: z.string().min(1).default(AZURE_OPENAI_SCOPE),
  /** How long a message may wait for the model before the classifier's answer is used, ms. Teams allows a turn 15 s. */
  LLM_TIMEOUT_MS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(200).max(10_000).default(4000)),
  /** Sampling temperature, when the model takes one (0 for repeatable answers; reasoning models accept only their default, so unset). */
  LLM_TEMPERATURE: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().min(0).max(2).optional()),
};

const shapeObject = z.object(languageModelConfigShape);
export type LanguageModelConfig = z.infer<typeof shapeObject>;

/** Names what is missing or conflicting, so start-up fails with the key to fix. */
export function refineLanguageModelConfig(c: LanguageModelConfig & { MicrosoftAppId?: string; MicrosoftAppType?: string }, ctx: z.RefinementCtx): void {
  const issue = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
  if (c.NLU_LLM === 'off') return;
  if (!c.LLM_BASE_URL) issue('LLM_BASE_URL', `required when NLU_LLM=${c.NLU_LLM} (an OpenAI-compatible endpoint, e.g. https://NAME.openai.azure.com/openai/v1)`);
  if (!c.LLM_MODEL) issue('LLM_MODEL', `required when NLU_LLM=${c.NLU_LLM} (the model or Azure OpenAI deployment name)`);
  if (c.LLM_AUTH === 'apiKey' && !c.LLM_API_KEY) issue('LLM_API_KEY', 'required when LLM_AUTH=apiKey (or set LLM_AUTH=managedIdentity for Azure OpenAI, none for a local server)');
  if (c.LLM_AUTH !== 'apiKey' && c.LLM_API_KEY) issue('LLM_API_KEY', `must not be set when LLM_AUTH=${c.LLM_AUTH}: the key would not be used`);
  if (c.LLM_AUTH === 'managedIdentity' && (!c.MicrosoftAppId || c.MicrosoftAppType === 'MultiTenant')) {
    issue('LLM_AUTH', "LLM_AUTH=managedIdentity uses the bot's own identity: set MicrosoftAppId with MicrosoftAppType=UserAssignedMSI (or SingleTenant)");
  }
}
