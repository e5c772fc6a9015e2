import { CONTOSO, FABRIKAM_TENANT, LITWARE_TENANT, SUBS, USERS } from '../../bot/demo/demoData';
import { cardText } from '../support/cards';
import { alex, wingtipAdmin } from '../support/demoUsers';
import type { TeamsUser } from '../support/teamsActivities';
import { TeamsWorld } from '../support/teamsWorld';

/** Three conversations at once: the customer's admin, and two partners' contacts in their own tenants. */
const litware: TeamsUser = { tenantId: LITWARE_TENANT, aadObjectId: USERS.litwareContact, name: 'Lee Gu', locale: 'sv-SE' };
const fabrikam: TeamsUser = { tenantId: FABRIKAM_TENANT, aadObjectId: USERS.fabrikamContact, name: 'Camille Dupont', locale: 'fr-FR' };
const chat = (u: TeamsUser) => `a:personal-${u.aadObjectId}`;

let world: TeamsWorld;
beforeAll(async () => {
  world = await new TeamsWorld().start();
  await world.say(litware, 'hej'); // the demo's registered partner opens its chat with the bot
});
afterAll(async () => { await world.stop(); });

/** The admin asks for a change and confirms it on the card; returns the result card and its message id. */
async function change(request: string, beforeConfirm = () => {}) {
  const confirm = world.cardsIn(chat(alex)).length;
  await world.say(alex, request);
  const posted = world.cardsIn(chat(alex))[confirm]!;
  beforeConfirm();
  const { card } = await world.click(alex, posted.card, 'draft.confirm', posted.id);
  return { card: cardText(card), cardId: posted.id };
}

test('a change notifies the new partner in its language; the old partner, not registered, is reported with what to do', async () => {
  const before = world.cardsIn(chat(litware)).length;
  const result = await change('change partner on E3 to 1234567');
  expect(result.card).toContain('Litware Cloud Partners: notified, waiting for acknowledgement.');
  expect(result.card).toContain('Fabrikam Advisory Services: not notified, because the partner hasn\'t registered with this bot.');
  expect(result.card).toContain('type "register partner 4391507"');

  const [notice, ...more] = world.cardsIn(chat(litware)).slice(before);
  expect(more).toHaveLength(0);
  const text = cardText(notice!.card);
  expect(text).toContain('Ni är nu partner för posten');
  expect(text).toContain('Kund: Contoso');
  expect(text).toContain('Ändrat av: Alex Wilber');
  expect(text).toMatch(/Office 365 E3\nFabrikam Advisory Services \(partner-ID 4391507\) → Litware Cloud Partners \(partner-ID 1234567\)/);

  // The partner acknowledges: its card changes in place, and so does the admin's result card.
  const acked = await world.click(litware, notice!.card, 'partner.ack', notice!.id);
  expect(cardText(acked.card)).toContain('Kvitterat av Lee Gu');
  expect(acked.card.actions ?? []).toHaveLength(0);
  const update = await world.until(() => world.updatesOf(chat(alex), result.cardId).at(-1), 'admin card update');
  expect(cardText(update)).toMatch(/Litware Cloud Partners: acknowledged by Lee Gu, \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
  expect(cardText(update)).toContain('Litware Cloud Partners is now the partner on 1 of 1 subscriptions.');
});

test('a partner registers its Partner ID; a headquarters ID and another organization are refused', async () => {
  const hq = cardText((await world.say(fabrikam, 'enregistrer partenaire 4391500')).map((a) => a.attachments?.[0]?.content).at(-1));
  expect(hq).toContain('Je ne peux pas enregistrer cet ID partenaire');

  await world.say(fabrikam, 'enregistrer partenaire');
  const form = world.cardsIn(chat(fabrikam)).at(-1)!;
  expect(cardText(form.card)).toContain('Enregistrer votre organisation partenaire');
  const done = await world.click(fabrikam, form.card, 'partner.register', form.id, { partnerId: ' 439 1507 ' });
  expect(cardText(done.card)).toContain('Cette conversation reçoit désormais les confirmations pour Fabrikam Advisory Services (ID partenaire 4391507)');

  await world.say(wingtipAdmin, 'register partner 4391507');
  expect(cardText(world.cardsIn(chat(wingtipAdmin)).at(-1)!.card)).toContain("Only people in Partner ID 4391507's own organization");
});

test('a change notifies both partners concerned, each in its own language', async () => {
  const before = { litware: world.cardsIn(chat(litware)).length, fabrikam: world.cardsIn(chat(fabrikam)).length };
  const result = await change('change partner on E3 to 4391507');
  expect(result.card).toContain('Fabrikam Advisory Services: notified, waiting for acknowledgement.');
  expect(result.card).toContain('Litware Cloud Partners: notified, waiting for acknowledgement.');

  const toFabrikam = world.cardsIn(chat(fabrikam)).slice(before.fabrikam);
  const toLitware = world.cardsIn(chat(litware)).slice(before.litware);
  expect(toFabrikam).toHaveLength(1);
  expect(toLitware).toHaveLength(1);
  expect(cardText(toFabrikam[0]!.card)).toContain('Vous êtes désormais le partenaire de registre');
  expect(cardText(toFabrikam[0]!.card)).toContain('Client: Contoso');
  expect(cardText(toLitware[0]!.card)).toContain('Ni är inte längre partner för posten');
  expect(cardText(toLitware[0]!.card)).toContain('Contoso har bytt ut eller tagit bort er som partner för posten');
});

test('a partner whose contact blocked the bot is reported as unreachable, with what to do', async () => {
  const before = world.cardsIn(chat(fabrikam)).length;
  const result = await change('remove the partner from E3', () => {
    world.connector.faults.push({ status: 403, body: { error: { code: 'MessageWritesBlocked', message: 'blocked' } } });
  });
  expect(result.card).toContain('The partner was removed from 1 of 1 subscriptions.');
  expect(result.card).toContain('Fabrikam Advisory Services: could not be reached, because the partner\'s contact blocked or removed this bot. Tell the partner yourself, for example by email.');
  expect(world.cardsIn(chat(fabrikam)).length).toBe(before);
  expect((await world.app.services.billing.getSubscription(CONTOSO, SUBS.e3)).partnerOfRecord).toBeUndefined();
});

test('an acknowledgement from someone who is not the partner\'s contact is refused', async () => {
  const notice = world.cardsIn(chat(litware)).at(-1)!;
  const forged = await world.click(alex, notice.card, 'partner.ack', notice.id);
  expect(cardText(forged.card)).toContain("This confirmation was sent to another partner's contact.");
});
