import * as ACData from 'adaptivecards-templating';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TemplateCardRenderer } from '../../bot/cards/cardRenderer';
import { compileTemplate } from '../../bot/cards/compiledTemplate';
import { LANGUAGES } from '../../bot/i18n/i18n';
import { CARDS_DIR, ROOT } from '../../bot/paths';
import { allCards, RecordingRenderer, turnWith } from './cardFixtures';

/** The library's own expansion, a fresh Template per template file (the reference output). */
const reference = new Map(
  readdirSync(CARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [basename(f, '.json'), new ACData.Template(JSON.parse(readFileSync(join(CARDS_DIR, f), 'utf8')))]),
);

describe('compiled card templates render exactly what adaptivecards-templating expands', () => {
  test.each(LANGUAGES.flatMap((l) => [0, 1, 2, 12, 130].map((n) => [l, n] as const)))('every card in %s with %i subscriptions', (language, n) => {
    const recorder = new RecordingRenderer(new TemplateCardRenderer());
    allCards(turnWith(recorder, language), n);
    const names = new Set(recorder.calls.map((c) => c.name));
    expect([...names].sort()).toEqual([...reference.keys()].sort()); // every template exercised
    for (const call of recorder.calls) {
      expect(call.card).toEqual(reference.get(call.name)!.expand({ $root: call.data }));
      // Same JSON too (key order and absent keys included), which is what Teams receives.
      expect(JSON.stringify(call.card)).toBe(JSON.stringify(reference.get(call.name)!.expand({ $root: call.data })));
    }
  });

  // Values and shapes the fast paths do not take must reach the library's evaluation unchanged.
  const template = {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: '${title}', n: '${count}', flag: '${flag}', nothing: '${missing}', nil: '${nil}', obj: '${obj}', deep: '${obj.inner}', empty: '${empty}' },
      { type: 'TextBlock', text: 'x ${missing} y ${count} z ${flag} ${obj} ${list}' },
      { type: 'TextBlock', $when: "${missing != ''}", text: 'when missing' },
      { type: 'TextBlock', $when: "${empty != ''}", text: 'when empty' },
      { type: 'TextBlock', $when: "${title != ''}", text: 'when title' },
      { type: 'TextBlock', $when: "${count != ''}", text: 'when number' },
      { type: 'TextBlock', $when: '${count(list) > 0}', text: 'list has items' },
      { type: 'TextBlock', $when: '${count(none) > 0}', text: 'none has items' },
      { type: 'TextBlock', $when: '${count(title) > 0}', text: 'string count' },
      { type: 'TextBlock', $when: '${flag}', text: 'flag' },
      { type: 'TextBlock', $when: '${title}', text: 'non-boolean when' },
      { type: 'TextBlock', $when: 'not an expression', text: 'dropped' },
      { type: 'TextBlock', $when: '${count(empties) == 0}', text: 'empties is empty' },
      { type: 'TextBlock', $when: '${count(list) == 0}', text: 'list is empty' },
      { type: 'TextBlock', $when: '${count(missing) == 0}', text: 'missing is empty' },
      { type: 'TextBlock', $when: '${page > 0}', text: 'a later page' },
      { type: 'TextBlock', $when: '${count > 0}', text: 'count above zero' },
      { type: 'TextBlock', $when: '${title > 0}', text: 'string above zero' },
      { type: 'TextBlock', $when: '${missing > 0}', text: 'missing above zero' },
      { type: 'TextBlock', $when: '${true}', text: 'keyword' },
      { type: 'TextBlock', text: '${$root.title} / ${$root.missing} / ${$root.count}', root: '${$root.page}', adjacent: '${title}${count}', spaced: ' ${title}', percent: '50% ${title}', quoted: "it's ${title}" },
      { type: 'TextBlock', $data: '${list}', text: '${$index}: ${name} of ${$root.title}', idx: '${$index}' },
      { type: 'TextBlock', $data: '${single}', text: '${name}' },
      { type: 'TextBlock', $data: '${empties}', text: '${name}' },
      { type: 'TextBlock', $data: '${missingList}', text: 'x${name}' },
      { type: 'Container', $data: '${nested}', items: [{ type: 'TextBlock', $data: '${children}', text: '${label} (${$index})' }] },
      { type: 'FactSet', facts: [{ $data: '${list}', title: '${name}', value: '${concat(\'#\', string($index))}' }] },
      '${list}',
      '${title}',
      [1, null, '${missingArray}'],
    ],
  };
  const data = {
    title: 'Hello *world*',
    count: 0,
    page: 2,
    flag: false,
    nil: null,
    empty: '',
    obj: { inner: 'in' },
    list: [{ name: 'a' }, { name: 'b' }, undefined, { name: 7 }],
    single: { name: 'one' },
    empties: [],
    nested: [{ children: [{ label: 'x' }, { label: 'y' }] }, { children: [] }],
  };

  test('edge values and shapes: missing, null, numbers, booleans, objects, $index, $root, nested $data, non-expression $when', () => {
    const expected = new ACData.Template(template).expand({ $root: data });
    const actual = compileTemplate(template)(data);
    expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
    expect(actual).toEqual(expected);
  });

  test('an expansion the library refuses is refused alike', () => {
    const bad = { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'x ${nil}' }, { type: 'TextBlock', text: '${toUpper(n)}' }] };
    expect(() => new ACData.Template(bad).expand({ $root: { nil: null, n: 1 } })).toThrow();
    expect(() => compileTemplate(bad)({ nil: null, n: 1 })).toThrow();
  });

  test('our own cards render without loading adaptive-expressions (a fifth of a second of start-up)', () => {
    const script = `
      const { TemplateCardRenderer } = require('./bot/cards/cardRenderer');
      const { allCards, turnWith } = require('./test/cards/cardFixtures');
      allCards(turnWith(new TemplateCardRenderer(), 'en'), 130);
      const loaded = Object.keys(require.cache).filter((f) => f.includes('node_modules/adaptive-expressions/'));
      process.stdout.write(String(loaded.length));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim()).toBe('0');
  });

  test('the same compiled template renders different data independently', () => {
    const render = compileTemplate(template);
    const first = render(data);
    const other = { ...data, title: 'Other', list: [{ name: 'z' }] };
    expect(render(other)).toEqual(new ACData.Template(template).expand({ $root: other }));
    expect(render(data)).toEqual(first);
  });
});
