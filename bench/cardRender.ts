import * as ACData from 'adaptivecards-templating';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TemplateCardRenderer, type AdaptiveCard, type CardName, type CardRenderer } from '../bot/cards/cardRenderer';
import { CARDS_DIR } from '../bot/paths';
import { allCards, turnWith } from '../test/cards/cardFixtures';

/**
 * Card rendering alone: every card of the bot (10 subscriptions) rendered by the compiled templates,
 * by a Template built once per card and expanded per render (the previous renderer), and by a
 * Template built per render (the usual sample code). `node dist/bench/cardRender.js`
 */
class ExpandRenderer implements CardRenderer {
  private readonly templates = new Map<string, ACData.Template>();
  constructor(private readonly perRender: boolean) {}
  render(name: CardName, data: object): AdaptiveCard {
    const json = () => JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8'));
    if (this.perRender) return new ACData.Template(this.json(name, json)).expand({ $root: data }) as AdaptiveCard;
    let t = this.templates.get(name);
    if (!t) this.templates.set(name, (t = new ACData.Template(json())));
    return t.expand({ $root: data }) as AdaptiveCard;
  }
  private readonly raw = new Map<string, unknown>();
  private json(name: string, load: () => unknown): unknown {
    if (!this.raw.has(name)) this.raw.set(name, load());
    return this.raw.get(name);
  }
}

function time(label: string, renderer: CardRenderer, rounds: number): number {
  const turn = turnWith(renderer, 'en');
  allCards(turn, 10); // warm up
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) allCards(turn, 10);
  const perSet = (performance.now() - t0) / rounds;
  console.log(`${label.padEnd(44)} ${perSet.toFixed(3)} ms per set of 16 cards`);
  return perSet;
}

const rounds = Number(process.argv[2] ?? 300);
const compiled = time('compiled (TemplateCardRenderer)', new TemplateCardRenderer(), rounds);
const once = time('Template built once, expand per render', new ExpandRenderer(false), rounds);
const each = time('Template built per render', new ExpandRenderer(true), Math.ceil(rounds / 3));
console.log(`expand/compiled ${(once / compiled).toFixed(1)}×, per-render Template/compiled ${(each / compiled).toFixed(1)}× (card builders and i18n included in each)`);
