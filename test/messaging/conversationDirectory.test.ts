import { personalAddress, rememberAddress, sameAsJson } from '../../bot/messaging/conversationDirectory';
import { SqliteStore } from '../../bot/storage/sqliteStore';

const who = { tenantId: 't1', userId: 'u1', personal: true };
const reference = (serviceUrl: string) => ({
  user: { id: '29:u1', aadObjectId: 'u1' },
  bot: { id: '28:bot' },
  conversation: { id: 'a:1', conversationType: 'personal', tenantId: 't1' },
  channelId: 'msteams',
  locale: undefined, // as TurnContext.getConversationReference leaves it when the activity has none
  serviceUrl,
});

test('an address is written once, and again only when it moved (a new serviceUrl)', async () => {
  const store = new SqliteStore(':memory:');
  const at = new Date('2026-11-22T00:00:00Z');
  const etag = async () => (await store.get('address:user:t1:u1'))?.etag;
  await rememberAddress(store, who, { conversationId: 'a:1', reference: reference('https://smba.example/emea/') }, at);
  const first = await etag();
  await rememberAddress(store, who, { conversationId: 'a:1', reference: reference('https://smba.example/emea/') }, new Date(at.getTime() + 1000));
  expect(await etag()).toBe(first);
  await rememberAddress(store, who, { conversationId: 'a:1', reference: reference('https://smba.example/amer/') }, new Date(at.getTime() + 2000));
  expect(await etag()).not.toBe(first);
  expect((await personalAddress(store, 't1', 'u1'))?.reference.serviceUrl).toBe('https://smba.example/amer/');
  await store.close();
});

test('sameAsJson: equal when JSON.stringify would write the same, key order aside', () => {
  expect(sameAsJson({ a: 1, b: { c: [1, 'x'] }, d: undefined }, { b: { c: [1, 'x'] }, a: 1 })).toBe(true);
  expect(sameAsJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  expect(sameAsJson({ a: 1, b: 2 }, { a: 1 })).toBe(false);
  expect(sameAsJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  expect(sameAsJson({ a: [1] }, { a: { 0: 1 } })).toBe(false);
  expect(sameAsJson({ a: null }, { a: undefined })).toBe(false);
  expect(sameAsJson({ a: '1' }, { a: 1 })).toBe(false);
});
