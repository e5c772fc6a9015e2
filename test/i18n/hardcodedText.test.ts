import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CARDS_DIR, ROOT } from '../../bot/paths';
import { cardTemplateProblems, codeProblems } from './hardcodedText';

const BOT_DIR = join(ROOT, 'bot');
/** NLU holds phrases it matches, i18n the texts themselves, demo sample data, tools developer output. */
const NOT_SCANNED = ['nlu', 'i18n', 'demo', 'tools'].map((d) => join(BOT_DIR, d));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return NOT_SCANNED.includes(path) ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const cardFiles = readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json'));

describe('card templates carry no literal text', () => {
  test('there are card templates to check', () => {
    expect(cardFiles.length).toBeGreaterThan(0);
  });

  test.each(cardFiles)('cards/%s', (file) => {
    const card = JSON.parse(readFileSync(join(CARDS_DIR, file), 'utf8')) as unknown;
    expect(cardTemplateProblems(card)).toEqual([]);
  });

  test('the check finds literal text in every kind of text-bearing element', () => {
    const card = {
      type: 'AdaptiveCard',
      fallbackText: 'Update Teams',
      body: [
        { type: 'TextBlock', text: '${title}' },
        { type: 'TextBlock', text: '- ${text}' },
        { type: 'TextBlock', text: 'Partner: ${name}' },
        { type: 'TextBlock', text: "${if(ok, 'Done', 'Failed')}" },
        { type: 'FactSet', facts: [{ title: 'Partner ID', value: '${id}' }] },
        { type: 'Input.Text', id: 'partnerId', label: '${label}', placeholder: 'For example 4391507', errorMessage: '' },
        { type: 'Input.ChoiceSet', id: 's', value: 'sub-1', choices: [{ title: '${name}', value: 'sub-1' }, { title: 'All subscriptions', value: 'all' }] },
      ],
      actions: [
        { type: 'Action.Execute', title: 'Cancel', verb: 'draft.cancel', data: { verb: 'draft.cancel' } },
        { type: 'Action.Submit', title: '${t}', data: { msteams: { type: 'messageBack', displayText: 'I want help', text: 'help' } } },
      ],
    };
    expect(cardTemplateProblems(card)).toEqual([
      '$.fallbackText (AdaptiveCard): literal text "Update Teams"',
      '$.body[2].text (TextBlock): literal text "Partner:"',
      "$.body[3].text (TextBlock): literal text \"${if(ok, 'Done', 'Failed')}\"",
      '$.body[4].facts[0].title (Fact): literal text "Partner ID"',
      '$.body[5].placeholder (Input.Text): literal text "For example 4391507"',
      '$.body[6].choices[1].title (Choice): literal text "All subscriptions"',
      '$.actions[0].title (Action.Execute): literal text "Cancel"',
      '$.actions[1].data.msteams.text (messageBack): literal text "help"',
      '$.actions[1].data.msteams.displayText (messageBack): literal text "I want help"',
    ]);
  });
});

describe('bot code sends no hard-coded user text', () => {
  const files = sourceFiles(BOT_DIR);

  test('the scan covers the flows, cards, host and server code', () => {
    const scanned = files.map((f) => relative(ROOT, f));
    expect(scanned).toEqual(expect.arrayContaining(['bot/flows/router.ts', 'bot/cards/partnersCard.ts', 'bot/host/teamsBot.ts', 'bot/server/server.ts']));
    expect(scanned.some((f) => /^bot\/(nlu|i18n|demo|tools)\//.test(f))).toBe(false);
  });

  test('no file hard-codes user-visible text', () => {
    const problems = files.flatMap((f) => codeProblems(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  test('the check finds literals in text calls and text properties, and honours i18n-exempt', () => {
    const source = [
      "outcome.reply(outcome.text('Hello there'));",
      "await context.sendActivity(`Sorry, ${name} failed`);",
      "await context.sendActivity(t('failure.text'));",
      "noticeCard(turn, { title: t('x.title'), paragraphs: [t('a'), 'Second line'] });",
      "const c = { text: ok ? t('done') : 'Not done', subtitle: `${a} (${b})`, kind: 'text' };",
      "log.info({ draftId }, 'draft applied');",
      "throw new DomainError('conflict', 'Subscription changed', {});",
      "const r = { title: 'Contoso' }; // i18n-exempt: product name",
      "const s = { label: 'Partner ' + id };",
    ].join('\n');
    expect(codeProblems('x.ts', source)).toEqual([
      'x.ts:1: outcome.text(…) "Hello there"',
      'x.ts:2: context.sendActivity(…) "Sorry, "',
      'x.ts:2: context.sendActivity(…) " failed"',
      'x.ts:4: paragraphs: "Second line"',
      'x.ts:5: text: "Not done"',
      'x.ts:9: label: "Partner "',
    ]);
  });
});
