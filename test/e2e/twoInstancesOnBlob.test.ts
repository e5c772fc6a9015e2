import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedBillingService } from '../../bot/billing/embeddedBillingService';
import { CONTOSO, SUBS } from '../../bot/demo/demoData';
import { BlobStore } from '../../bot/host/blobStore';
import { AppendBlobAuditTrail } from '../../bot/storage/appendBlobAuditTrail';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { BotProcess } from '../support/botProcess';
import { actionByVerb, cardOf, cardText } from '../support/cards';
import { alex, megan } from '../support/demoUsers';
import { updatedCard } from '../support/flowHelpers';
import { LocalConnector } from '../support/localConnector';

/** Two real bot processes sharing Azure Blob Storage (Azurite): any instance can carry on any flow. */
let azurite: RunningAzurite;
let connector: LocalConnector;
let a: BotProcess;
let b: BotProcess;
const dirs: string[] = [];
const CONTAINER = 'two-instances';

beforeAll(async () => {
  azurite = await startAzurite();
  connector = await new LocalConnector().start();
  const env = () => {
    const dir = mkdtempSync(join(tmpdir(), 'por-blob-'));
    dirs.push(dir);
    return { STORE_BACKEND: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: CONTAINER, DATA_DIR: dir, LOG_LEVEL: 'warn' };
  };
  // The first start creates the container and seeds the demo tenants; the second finds them.
  a = await BotProcess.start({ ...env(), LOG_LEVEL: 'info' }, connector);
  b = await BotProcess.start({ ...env(), LOG_LEVEL: 'info' }, connector);
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await connector?.stop();
  await azurite?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** What the bots changed, read from the shared storage by this test process. */
const billing = () => new EmbeddedBillingService(new BlobStore(azurite.connectionString, CONTAINER));
const appliedCount = async (draftId: string) =>
  (await new AppendBlobAuditTrail(azurite.connectionString, CONTAINER).recent(CONTOSO, 1000)).filter((e) => e.changeId === draftId && e.outcome === 'applied').length;

async function confirmCardOn(bot: BotProcess, text: string) {
  const sent = (await bot.say(alex, text)).find((r) => cardOf(r.body)?.actions?.some((x: any) => x.verb === 'draft.confirm'))!;
  return { card: cardOf(sent.body), activityId: sent.createdId! };
}

test('a change asked for on one instance is confirmed on the other', async () => {
  const before = await billing().getSubscription(CONTOSO, SUBS.businessPremium);
  const { card, activityId } = await confirmCardOn(a, 'add partner 1234567 to business premium');
  const confirm = actionByVerb(card, 'draft.confirm');
  const res = await b.click(alex, 'draft.confirm', confirm.data, activityId);
  expect(cardText(updatedCard(res))).toMatch(/Done[\s\S]*Litware Cloud Partners was added on 1 of 1 subscriptions/);
  const after = await billing().getSubscription(CONTOSO, SUBS.businessPremium);
  expect(after.version).toBe(before.version + 1);
  expect(after.partnerOfRecord?.partnerId).toBe('1234567');
  expect(await appliedCount(confirm.data.draftId)).toBe(1);
});

test('two confirmations racing on the two instances apply the change once; the other sees the outcome', async () => {
  const before = await billing().getSubscription(CONTOSO, SUBS.e3);
  const { card, activityId } = await confirmCardOn(b, 'change partner on E3 to 1234567');
  const confirm = actionByVerb(card, 'draft.confirm');
  const [onA, onB] = await Promise.all([
    a.click(alex, 'draft.confirm', confirm.data, activityId),
    b.click(megan, 'draft.confirm', confirm.data, activityId),
  ]);
  const texts = [cardText(updatedCard(onA)), cardText(updatedCard(onB))];
  // One click applied it (its card shows the fresh result); the other was told it was already confirmed or under way.
  expect(texts.filter((t) => /^Done/.test(t) && !t.includes('This change was already confirmed'))).toHaveLength(1);
  expect(texts.filter((t) => t.includes('This change was already confirmed') || t.includes('Applying the change'))).toHaveLength(1);
  expect((await billing().getSubscription(CONTOSO, SUBS.e3)).version).toBe(before.version + 1);
  expect(await appliedCount(confirm.data.draftId)).toBe(1);
});
