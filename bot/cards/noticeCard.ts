import type { Turn } from '../flows/turn';
import type { AdaptiveCard } from './cardRenderer';

export interface NoticeContent {
  title: string;
  color?: 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';
  paragraphs?: string[];
  stepsHeading?: string;
  steps?: string[];
  /** Shown after the steps, e.g. what happens afterwards. */
  notes?: string[];
  links?: { title: string; url: string }[];
  actions?: { title: string; verb: string; lang: string }[];
}

/** One card for every explanation, refusal and instruction: title, paragraphs, numbered steps, links. */
export function noticeCard(turn: Turn, content: NoticeContent): AdaptiveCard {
  return turn.services.cards.render('notice', {
    title: content.title,
    color: content.color ?? 'Default',
    paragraphs: (content.paragraphs ?? []).map((text) => ({ text })),
    stepsHeading: content.stepsHeading ?? turn.t('common.steps'),
    steps: (content.steps ?? []).map((text, i) => ({ n: i + 1, text })),
    notes: (content.notes ?? []).map((text) => ({ text })),
    links: content.links ?? [],
    actions: content.actions ?? [],
  });
}

/** The translated list under `key` (locale files keep steps as arrays). */
export function list(turn: Turn, key: string, vars: Record<string, unknown> = {}): string[] {
  const value = turn.t(key, { ...vars, returnObjects: true }) as unknown;
  return Array.isArray(value) ? value.map(String) : [String(value)];
}
