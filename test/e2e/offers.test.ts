import { CONTOSO, CONTOSO_CHINA, LITWARE_TENANT, SUBS, USERS, WIDE_WORLD } from '../../bot/demo/demoData';
import { cardOf, cardText } from '../support/cards';
import { alex } from '../support/demoUsers';
import type { TeamsUser } from '../support/teamsActivities';
import { HELPDESK_CHANNEL, TeamsWorld } from '../support/teamsWorld';

/** The 21Vianet customer's admin, the registered demo partner (Litware, Swedish), and the Germany-era tenant. */
const liWei: TeamsUser = { tenantId: CONTOSO_CHINA, aadObjectId: USERS.chinaAdmin, name: 'Li Wei', locale: 'en-US' };
const litware: TeamsUser = { tenantId: LITWARE_TENANT, aadObjectId: USERS.litwareContact, name: 'Lee Gu', locale: 'sv-SE' };
const jonas: TeamsUser = { tenantId: WIDE_WORLD, aadObjectId: USERS.wideWorldAdmin, name: 'Jonas Weber', locale: 'en-US' };
const chat = (u: TeamsUser) => `a:personal-${u.aadObjectId}`;

let world: TeamsWorld;
beforeAll(async () => {
  world = await new TeamsWorld({ OFFER_TTL_HOURS: '24' }).start();
  await world.say(liWei, 'hi');
  await world.say(litware, 'hej');
});
afterAll(async () => { await world.stop(); });

async function partnerSendsOffer(text: string) {
  const before = world.cardsIn(chat(liWei)).length;
  const reply = cardText(cardOf((await world.say(litware, text)).find(cardOf)));
  const offer = await world.until(() => world.cardsIn(chat(liWei))[before], 'offer card to the admin');
  return { reply, offer };
}

test('an admin in the 21Vianet cloud who asks to add a partner is told how the offer flow works', async () => {
  const text = cardText(cardOf((await world.say(liWei, 'add partner 1234567 to E3')).find(cardOf)));
  expect(text).toContain('In Office 365 operated by 21Vianet, the partner sends you an offer.');
  expect(text).toContain('No partner offer is waiting for you.');
  expect(text).toMatch(/How it works\n1\. The partner sends you an offer/);
  expect(text).toContain('4. Select Next to finish. If the offer includes a trial or a subscription, it is created then.');
});

test('a partner offer with a trial: Yes authorizes, Next completes, the trial is created with the partner', async () => {
  const { reply, offer } = await partnerSendsOffer(`skicka erbjudande till klient ${CONTOSO_CHINA} med provperiod`);
  expect(reply).toMatch(/Erbjudandet har skickats till administratörerna på Contoso China\. Det upphör att gälla \d{4}-\d\d-\d\d/);

  const card = cardText(offer.card);
  expect(card).toContain('Offer from Litware Cloud Partners');
  expect(card).toContain('Litware Cloud Partners becomes your delegated admin, with the Global admin and Helpdesk admin roles.');
  expect(card).toContain('Includes a trial: Office 365 E3 Trial, 25 licenses.');
  expect(offer.card.actions.map((a: any) => a.title)).toEqual(['Yes', 'Decline']);

  const yes = await world.click(liWei, offer.card, 'offer.yes', offer.id);
  expect(cardText(yes.card)).toContain('You authorized Litware Cloud Partners as your delegated admin. Select Next to finish');
  expect((await world.app.services.billing.listRelationships(CONTOSO_CHINA))).toEqual([]); // nothing before Next

  const next = await world.click(liWei, yes.card, 'offer.next', offer.id);
  expect(cardText(next.card)).toContain('Litware Cloud Partners is now the delegated admin and partner of record of Contoso China.');
  expect(cardText(next.card)).toMatch(/Completed by Li Wei/);
  const relationships = await world.app.services.billing.listRelationships(CONTOSO_CHINA);
  expect(relationships).toEqual([expect.objectContaining({ partnerId: '1234567', type: 'advisor', roles: ['global_admin', 'helpdesk_admin'] })]);
  const subs = await world.app.services.billing.listSubscriptions(CONTOSO_CHINA);
  expect(subs.filter((s) => s.isTrial)).toEqual([expect.objectContaining({ name: 'Office 365 E3 Trial', partnerOfRecord: { partnerId: '1234567', name: 'Litware Cloud Partners' } })]);

  // A second Next (double click) changes nothing more.
  await world.click(liWei, yes.card, 'offer.next', offer.id);
  expect((await world.app.services.billing.listSubscriptions(CONTOSO_CHINA)).filter((s) => s.isTrial)).toHaveLength(1);
  await world.until(() => world.textsIn(chat(litware)).find((t) => t === 'Contoso China har godkänt ert erbjudande: ni är nu deras delegerade administratör och partner för posten.'), 'partner told');
});

test('a declined offer changes nothing and the partner is told', async () => {
  const { offer } = await partnerSendsOffer(`skicka erbjudande till klient ${CONTOSO_CHINA}`);
  expect(cardText(offer.card)).not.toContain('Includes a trial');
  const declined = await world.click(liWei, offer.card, 'offer.decline', offer.id);
  expect(cardText(declined.card)).toContain('Offer from Litware Cloud Partners declined');
  expect(declined.card.actions ?? []).toEqual([]);
  expect((await world.app.services.billing.getSubscription(CONTOSO_CHINA, SUBS.chinaE3)).partnerOfRecord).toBeUndefined();
  await world.until(() => world.textsIn(chat(litware)).includes('Contoso China har avböjt ert erbjudande.'), 'partner told');
  // A late Yes on the declined card shows the decision, not a new one.
  const late = await world.click(liWei, offer.card, 'offer.yes', offer.id);
  expect(cardText(late.card)).toContain('declined');
});

test('an offer expires after its time to live', async () => {
  const { offer } = await partnerSendsOffer(`skicka erbjudande till klient ${CONTOSO_CHINA}`);
  const realNow = world.app.services.now;
  world.app.services.now = () => new Date(Date.now() + 25 * 3_600_000);
  try {
    const late = await world.click(liWei, offer.card, 'offer.yes', offer.id);
    expect(cardText(late.card)).toContain('Offer from Litware Cloud Partners expired');
    expect(late.card.actions ?? []).toEqual([]);
  } finally {
    world.app.services.now = realNow;
  }
});

test('offers come only from registered partners, only to 21Vianet customers, and only their admins can answer', async () => {
  const unregistered = cardText(cardOf((await world.say(alex, `send offer to tenant ${CONTOSO_CHINA}`)).find(cardOf)));
  expect(unregistered).toContain('Only a registered partner can send offers.');
  const worldwide = cardText(cardOf((await world.say(litware, `skicka erbjudande till klient ${CONTOSO}`)).find(cardOf)));
  expect(worldwide).toContain('Erbjudanden går bara till organisationer i Office 365 som drivs av 21Vianet');

  const { offer } = await partnerSendsOffer(`skicka erbjudande till klient ${CONTOSO_CHINA}`);
  const foreign = await world.click(alex, offer.card, 'offer.yes', offer.id);
  expect(cardText(foreign.card)).toContain('This card belongs to another organization.');
  // The helpdesk channel stays out of it.
  expect(world.cardsIn(HELPDESK_CHANNEL)).toEqual([]);
});

test('a tenant of the closed Office 365 Germany cloud is told so and served by the worldwide flow', async () => {
  const view = await world.say(jonas, 'who are our partners?');
  expect(view[0].text).toBe('Office 365 Germany closed on 29 October 2021. Your organization now uses the worldwide service, so the worldwide steps apply.');
  expect(cardText(cardOf(view.find(cardOf)))).toContain('Wide World Importers GmbH');
  const add = await world.say(jonas, 'add partner 1234567 to E3');
  expect(add[0].text).toContain('Office 365 Germany closed on 29 October 2021.');
  expect(cardText(cardOf(add.find(cardOf)))).toContain('Confirm: add the partner');
});
