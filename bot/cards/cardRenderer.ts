import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CARDS_DIR } from '../paths';
import { compileTemplate, type RenderFn } from './compiledTemplate';

import type { AdaptiveCard } from '../domain/reply';

export type { AdaptiveCard };

/** Card templates under cards/, by file name without extension. */
export type CardName =
  | 'welcome'
  | 'partners'
  | 'partnerForm'
  | 'confirmChange'
  | 'changeResult'
  | 'notice'
  | 'partnerNotice'
  | 'partnerRegister'
  | 'offer'
  | 'ticket'
  | 'clarify';

export interface CardRenderer {
  render(name: CardName, data: object): AdaptiveCard;
}

/**
 * Loads and compiles every template once at start-up (expressions parsed once, not per turn: the
 * library's expand costs a third of a simple bot's CPU, DOMAIN.md §8); rendering fills them with
 * localized data, with the same output as adaptivecards-templating's Template.expand.
 */
export class TemplateCardRenderer implements CardRenderer {
  private readonly templates = new Map<string, RenderFn>();

  constructor(dir = CARDS_DIR) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      this.templates.set(basename(file, '.json'), compileTemplate(JSON.parse(readFileSync(join(dir, file), 'utf8'))));
    }
  }

  render(name: CardName, data: object): AdaptiveCard {
    const template = this.templates.get(name);
    if (!template) throw new Error(`No card template named ${name}`);
    return template(data) as AdaptiveCard;
  }
}

/** Teams shows TextBlock text as markdown: names from backends or users must not inject formatting or links. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>~]/g, (c) => `\\${c}`).replace(/^(\s*)([-+#]|\d+\.)(\s)/, '$1\\$2$3');
}
