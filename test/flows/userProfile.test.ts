import { changesProfile, loadProfile, recentRequest, REQUEST_MEMORY_MS, saveProfile } from '../../bot/flows/userProfile';
import type { PreviousRequest } from '../../bot/nlu/intents';
import { SqliteStore } from '../../bot/storage/sqliteStore';

/** The last request a follow-up may continue: per chat, for half an hour, written only when it changes. */
describe('the remembered request', () => {
  const request: PreviousRequest = { intent: 'add_partner', partnerId: '1234567', subscriptionIds: ['sub-bp'], language: 'en' };
  const at = new Date('2026-12-06T10:00:00Z');
  const later = (ms: number) => new Date(at.getTime() + ms);
  let store: SqliteStore;
  beforeEach(() => { store = new SqliteStore(':memory:'); });
  afterEach(() => store.close());

  it('is continued in the same chat within half an hour, not in another chat and not after', async () => {
    await saveProfile(store, 't1', 'u1', { lastRequest: { request, conversationId: 'chat-1', at: at.toISOString() } }, at);
    const profile = await loadProfile(store, 't1', 'u1');
    expect(recentRequest(profile, 'chat-1', later(REQUEST_MEMORY_MS - 1000))).toEqual(request);
    expect(recentRequest(profile, 'chat-2', later(1000))).toBeUndefined();
    expect(recentRequest(profile, 'chat-1', later(REQUEST_MEMORY_MS + 1000))).toBeUndefined();
  });

  it('is written again only when it changes, or every five minutes to stay recent; the language is kept beside it', async () => {
    await saveProfile(store, 't1', 'u1', { preferredLanguage: 'sv', lastRequest: { request, conversationId: 'chat-1', at: at.toISOString() } }, at);
    const profile = await loadProfile(store, 't1', 'u1');
    expect(changesProfile(profile, { lastRequest: { request, conversationId: 'chat-1', at: later(60_000).toISOString() } })).toBe(false);
    expect(changesProfile(profile, { lastRequest: { request, conversationId: 'chat-1', at: later(6 * 60_000).toISOString() } })).toBe(true);
    expect(changesProfile(profile, { lastRequest: { request: { ...request, subscriptionIds: ['sub-e3'] }, conversationId: 'chat-1', at: later(60_000).toISOString() } })).toBe(true);
    await saveProfile(store, 't1', 'u1', { lastRequest: { request: { intent: 'view_partners', subscriptionIds: [] }, conversationId: 'chat-1', at: later(60_000).toISOString() } }, later(60_000));
    expect(await loadProfile(store, 't1', 'u1')).toMatchObject({ preferredLanguage: 'sv', lastRequest: { request: { intent: 'view_partners' } } });
  });
});
