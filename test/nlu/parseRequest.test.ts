import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SUBS } from '../../bot/demo/demoData';
import { contosoContext } from '../../bot/nlu/demoCatalog';
import { parseRequest } from '../../bot/nlu/parseRequest';
import { contosoKnowledge } from '../../bot/conversation/demoTenant';
import { resolveAndDecide } from '../../bot/conversation/messagePipeline';

const context = contosoContext();
const parse = (text: string) => parseRequest(text, context);
/** The intent the bot acts on or asks about, as the pipeline decides it against Contoso. */
const decided = (text: string) => resolveAndDecide({ parsed: parse(text), knowledge: contosoKnowledge() }).resolved.intent;
const ALL = context.catalog.map((c) => c.id).sort();

describe('Partner ID extraction', () => {
  it.each([
    ['add MPN ID 439 1507 to E3', '4391507'],
    ['PLA ID: 4391507', '4391507'],
    ['partner-id:1234567', '1234567'],
    ['Partner-ID 123-4567 please', '1234567'],
    ['lägg till 439 15 07', '4391507'],
    ['add 4391507 to Office 365 E3', '4391507'],
    ['Exchange Online (Plan 1) 4391507', '4391507'],
  ])('%s → %s', (text, id) => {
    expect(parse(text).partnerId).toBe(id);
  });

  it('takes the new ID in a change "from A to B" in every language', () => {
    expect(parse('swap partner from 4391507 to 1234567').partnerId).toBe('1234567');
    expect(parse('byt från 4391507 till 1234567').partnerId).toBe('1234567');
    expect(parse('remplacer 4391507 par 1234567').partnerId).toBe('1234567');
    expect(parse('vervang 4391507 door 1234567').partnerId).toBe('1234567');
  });

  it('does not read product numbers, years or licence counts as an ID', () => {
    expect(parse('show partners on Microsoft 365 E5').partnerId).toBeUndefined();
    expect(parse('we bought 25 licenses in 2021').partnerId).toBeUndefined();
  });
});

describe('intents that are easy to confuse', () => {
  it('tells removing the reseller apart from removing the partner', () => {
    for (const text of ['remove our reseller', 'ta bort vår återförsäljare', 'supprimer notre revendeur', 'verwijder onze reseller']) {
      expect(decided(text)).toBe('remove_reseller');
    }
    for (const text of ['remove our partner', 'ta bort vår partner', 'supprimer notre partenaire', 'verwijder onze partner']) {
      expect(decided(text)).toBe('remove_partner');
    }
  });

  it('reads a bare Partner ID with a subscription as setting it: an add where there is no partner, a change where there is one', () => {
    expect(parse('1234567 on premium')).toMatchObject({ partnerId: '1234567', subscriptionIds: [SUBS.businessPremium] });
    expect(decided('1234567 on premium')).toBe('add_partner');
    expect(parse('1234567 on E3')).toMatchObject({ partnerId: '1234567', subscriptionIds: [SUBS.e3] });
    expect(decided('1234567 on E3')).toBe('change_partner');
  });

  it('understands typos', () => {
    expect(decided('remvoe partnr from E3')).toBe('remove_partner');
    expect(decided('ändar partnern till 1234567')).toBe('change_partner');
    expect(decided('verwjider partner')).toBe('remove_partner');
  });

  it('does not "correct" ordinary words into domain words', () => {
    expect(decided('peux-tu réserver une salle de réunion')).toBe('unknown');
  });

  it('reads a negated request as looking, in every language, but "can\'t" as a problem report', () => {
    for (const text of [
      "don't remove anything, just show me who's on E3",
      'ta inte bort något, visa bara vem som är partner på E3',
      'ne supprime rien, montre-moi qui est partenaire sur E3',
      'niks verwijderen, laat zien wie de partner op E3 is',
    ]) {
      expect(decided(text)).toBe('view_partners');
    }
    for (const text of ["why can't I remove the partner?", 'varför kan jag inte ta bort partnern?', 'je ne peux pas supprimer le partenaire', 'ik kan de partner niet verwijderen']) {
      expect(decided(text)).toBe('remove_partner');
    }
    // A negation in another clause does not touch the request.
    expect(decided('nothing works, remove the partner from E3')).toBe('remove_partner');
  });

  it('reads "I never said change E3" as denying the change, and its subscription as left out, in every language', () => {
    for (const text of [
      'I never said to change anything on E3, just put Litware on Business Premium',
      'jag har aldrig sagt att ni ska byta något på E3, sätt Litware på Business Premium',
      "je n'ai jamais dit de changer quoi que ce soit sur E3, mets Litware sur Business Premium",
      'ik heb nooit gezegd dat er op E3 iets moest veranderen, zet Litware op Business Premium',
    ]) {
      expect(decided(text)).toBe('add_partner');
      expect(parse(text).subscriptionIds).toEqual([SUBS.businessPremium]);
    }
    // Saying is not denying: "as I said, change E3 to Litware" asks for the change.
    expect(decided('as I said, change the partner on E3 to Litware')).toBe('change_partner');
  });

  it('leaves out a subscription the admin sets aside ("forget E3", "E3 stays as is")', () => {
    for (const text of ['forget E3, put Litware on Business Premium', 'glöm E3, lägg Litware på Business Premium', 'oublie E3, mets Litware sur Business Premium', 'vergeet E3, zet Litware op Business Premium', 'Litware on Business Premium, E3 stays as is']) {
      expect(parse(text).subscriptionIds).toEqual([SUBS.businessPremium]);
    }
  });

  it('reads a successor named as a change of partner', () => {
    for (const text of ['new partner for E3 is 1234567', 'ny partner ska vara 1234567 istället för Fabrikam', 'le nouveau partenaire sera 1234567', 'Litware (1234567) neemt E3 over']) {
      expect(parse(text).partnerId).toBe('1234567');
      expect(decided(text)).toBe('change_partner');
    }
    expect(decided('add a new partner to the E5 trial, it is 1234567')).toBe('add_partner');
  });

  it('leaves other admin objects alone', () => {
    for (const text of ['how do I add a user to a distribution list', 'lägg till en användare i gruppen', 'ajouter un utilisateur au groupe', 'voeg een gebruiker toe aan de groep']) {
      expect(decided(text)).toBe('unknown');
    }
    // "team" is not the Teams Essentials subscription.
    expect(parse('can someone from the team call me').subscriptionIds).toEqual([]);
  });

  it('asks for a person → handoff, in every language', () => {
    for (const text of ['I want to talk to a human', 'jag vill prata med en människa', 'je veux parler à un humain', 'ik wil met een mens praten']) {
      expect(decided(text)).toBe('handoff');
    }
  });
});

describe('Teams HTML', () => {
  it('drops mentions and tags and decodes entities', () => {
    const text = '<p><at>Partner Bot</at>&nbsp;add partner&nbsp;439&nbsp;1507 to Business Premium &amp; E3</p>';
    const parsed = parse(text);
    // E3 has a partner already: setting one there replaces it.
    expect(decided(text)).toBe('change_partner');
    expect(parsed.partnerId).toBe('4391507');
    expect([...parsed.subscriptionIds].sort()).toEqual([SUBS.businessPremium, SUBS.e3].sort());
  });
});

describe('subscriptions', () => {
  it.each(['add 1234567 to all subscriptions', 'lägg till 1234567 på alla prenumerationer', 'ajouter 1234567 à tous les abonnements', 'voeg 1234567 toe aan alle abonnementen'])(
    '"%s" names every subscription',
    (text) => {
      expect([...parse(text).subscriptionIds].sort()).toEqual(ALL);
    },
  );

  it('matches names tolerantly and only against the given catalog', () => {
    expect(parse('remove the partner from the E5 trial').subscriptionIds).toEqual([SUBS.e5Trial]);
    expect(parse('remove the partner from exchnage').subscriptionIds).toEqual([SUBS.exchange]);
    expect(parseRequest('remove the partner from E3', { catalog: [], partners: [] }).subscriptionIds).toEqual([]);
  });
});

describe('language', () => {
  it('detects the language of short messages and leaves a bare number undecided', () => {
    expect(parse('toon partners').language).toBe('nl');
    expect(parse('visa partner').language).toBe('sv');
    expect(parse('afficher les partenaires').language).toBe('fr');
    expect(parse('show partners').language).toBe('en');
    expect(parse('4391507').language).toBeUndefined();
  });

  it('hears a request to switch language without mistaking it for the request itself', () => {
    expect(parse('svara på svenska')).toMatchObject({ switchLanguage: 'sv', language: 'sv' });
    expect(parse('in English please').switchLanguage).toBe('en');
    expect(parse('réponds en français').switchLanguage).toBe('fr');
    expect(parse('antwoord in het Nederlands').switchLanguage).toBe('nl');
    expect(parse('change the language to French please').switchLanguage).toBe('fr');
    for (const text of ['svara på svenska', 'in English please', 'change the language to French please']) expect(['unknown', 'help']).toContain(decided(text));
    expect(parse('show partners in English').switchLanguage).toBe('en');
    expect(decided('show partners in English')).toBe('view_partners');
  });
});

describe('CLI', () => {
  it('prints one JSON object per input line', () => {
    const root = join(__dirname, '..', '..');
    const run = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'bot/tools/parse.ts')], {
      input: 'add MPN ID 439 1507 to the E5 trial\nta bort vår återförsäljare\nTailspin should be our partner on the E5 trial from now on\n',
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ intent: 'add_partner', partnerId: '4391507', subscriptions: ['Microsoft 365 E5 Trial'], language: 'en', decision: 'act', choices: [] });
    expect(lines[1]).toMatchObject({ intent: 'remove_reseller', partnerId: null, subscriptions: [], language: 'sv' });
    expect(lines[2]).toMatchObject({ partnerName: 'Tailspin Consulting', partnerId: '7654321', subscriptions: ['Microsoft 365 E5 Trial'], language: 'en' });
    for (const line of lines) {
      expect(line.confidence).toBeGreaterThan(0);
      expect(line.confidence).toBeLessThanOrEqual(1);
      expect(['act', 'clarify']).toContain(line.decision);
      // Asking back offers two or three intents; acting offers none.
      expect(line.choices.length === 0).toBe(line.decision === 'act');
    }
  });

  it('reads a JSON line {"previous", "text"} as a follow-up, and any other line as text', () => {
    const root = join(__dirname, '..', '..');
    const input = [
      JSON.stringify({ previous: 'add 1234567 to business premium', text: 'and on the e5 trial too' }),
      JSON.stringify({ text: 'and on the e5 trial too' }),
      '{not json, just braces',
    ].join('\n');
    const run = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'bot/tools/parse.ts')], { input: `${input}\n`, encoding: 'utf8', timeout: 20000 });
    expect(run.status).toBe(0);
    const [pair, alone, braces] = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(pair).toMatchObject({ intent: 'add_partner', partnerId: '1234567', subscriptions: ['Microsoft 365 Business Premium', 'Microsoft 365 E5 Trial'], followUp: 'also', decision: 'act' });
    expect(alone.followUp).toBeUndefined();
    expect(alone.partnerId).toBeNull();
    expect(braces.intent).toBe('unknown');
  });
});
