import { updateRecord, type Store } from '../storage/store';
import type { Reply, TurnOutcome } from '../flows/turn';

export interface TranscriptEntry {
  from: 'user' | 'bot';
  text: string;
  at: string;
}

/** The admin's recent exchange with the bot, and how many answers in a row went wrong. */
export interface TranscriptRecord {
  entries: TranscriptEntry[];
  /** Consecutive failed answers (red cards); reset by a good one. */
  failures: number;
}

const key = (tenantId: string, userId: string) => `transcript:${tenantId}:${userId}`;
const MAX_TEXT = 300;

/** Anything that looks like a credential is cut out before it is kept or shown to the helpdesk. */
export function redact(text: string): string {
  return text
    .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[…]')
    .replace(/\b(?:bearer|token|password|secret|apikey|api key)\s*[:=]?\s*\S+/gi, '[…]')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TEXT);
}

/** What a reply said, in a line: its text, or a card's heading and first paragraph. */
export function summarize(reply: Reply): string {
  if (reply.kind === 'text') return redact(reply.text);
  const body = (reply.card as { body?: { type?: string; text?: unknown }[] }).body ?? [];
  const texts = body.filter((b) => b.type === 'TextBlock' && typeof b.text === 'string').slice(0, 2).map((b) => String(b.text));
  return redact(texts.join(' — '));
}

/** 'blocked' (the flow said so), 'failed' (an attention card) or 'ok'. */
export function answerKind(result: TurnOutcome): 'blocked' | 'failed' | 'ok' {
  if (result.blocked) return 'blocked';
  const cards = [...(result.updatedCard ? [result.updatedCard] : []), ...result.replies.filter((r) => r.kind === 'card').map((r) => (r as { card: unknown }).card)];
  for (const card of cards) {
    const first = ((card as { body?: { type?: string; color?: string }[] }).body ?? [])[0];
    if (first?.type === 'TextBlock' && first.color === 'Attention') return 'failed';
  }
  return 'ok';
}

export async function loadTranscript(store: Store, tenantId: string, userId: string): Promise<TranscriptRecord> {
  return (await store.get<TranscriptRecord>(key(tenantId, userId)))?.value ?? { entries: [], failures: 0 };
}

/** Appends one exchange, keeping the last `size` entries; returns the updated record. */
export async function recordExchange(
  store: Store,
  who: { tenantId: string; userId: string },
  input: string,
  result: TurnOutcome,
  size: number,
  at: string,
): Promise<TranscriptRecord> {
  const kind = answerKind(result);
  const said = [...(result.updatedCard ? [{ kind: 'card' as const, card: result.updatedCard }] : []), ...result.replies].map(summarize).filter(Boolean);
  const record = await updateRecord<TranscriptRecord>(store, key(who.tenantId, who.userId), (current) => {
    const entries = [...(current?.entries ?? []), ...(input ? [{ from: 'user' as const, text: redact(input), at }] : []), ...said.map((text) => ({ from: 'bot' as const, text, at }))];
    return { entries: entries.slice(-size), failures: kind === 'failed' ? (current?.failures ?? 0) + 1 : 0 };
  });
  return record ?? { entries: [], failures: 0 };
}

/** A new ticket carries the transcript so far; the next one starts afresh. */
export async function clearTranscript(store: Store, tenantId: string, userId: string): Promise<void> {
  await store.delete(key(tenantId, userId));
}

export async function resetFailures(store: Store, tenantId: string, userId: string): Promise<void> {
  await updateRecord<TranscriptRecord>(store, key(tenantId, userId), (current) => (current && current.failures > 0 ? { ...current, failures: 0 } : undefined));
}
