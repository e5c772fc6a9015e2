import * as ACData from 'adaptivecards-templating';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CARDS_DIR } from '../paths';

export type AdaptiveCard = { type: 'AdaptiveCard'; version: string; [key: string]: unknown };

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
  | 'ticket';

export interface CardRenderer {
  render(name: CardName, data: object): AdaptiveCard;
}

/** Loads every template once at start-up; expansion fills them with localized data. */
export class TemplateCardRenderer implements CardRenderer {
  private readonly templates = new Map<string, ACData.Template>();

  constructor(dir = CARDS_DIR) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      this.templates.set(basename(file, '.json'), new ACData.Template(JSON.parse(readFileSync(join(dir, file), 'utf8'))));
    }
  }

  render(name: CardName, data: object): AdaptiveCard {
    const template = this.templates.get(name);
    if (!template) throw new Error(`No card template named ${name}`);
    return template.expand({ $root: data }) as AdaptiveCard;
  }
}

/** Teams shows TextBlock text as markdown: names from backends or users must not inject formatting or links. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>~]/g, (c) => `\\${c}`).replace(/^(\s*)([-+#]|\d+\.)(\s)/, '$1\\$2$3');
}
