import { Outbox } from '../../bot/outbox/outbox';
import { SqliteStore } from '../../bot/storage/sqliteStore';

/** The outbox on the real SQLite store: a request re-armed while its previous send runs is not lost. */
test('a refresh re-armed during a send stays due after that send settles', async () => {
  const store = new SqliteStore(':memory:');
  try {
    const outbox = new Outbox(store, () => new Date());
    await outbox.enqueue('refresh:c1', 'partner.adminRefresh', { changeId: 'c1', version: 1 });
    const claimed = await outbox.claim('refresh:c1', 60_000);
    expect(claimed?.status).toBe('sending');

    await outbox.rearm('refresh:c1', 'partner.adminRefresh', { changeId: 'c1', version: 2 });
    await outbox.settle(claimed!, { status: 'sent', activityIds: ['a1'] });

    const stored = await outbox.get<{ version: number }>('refresh:c1');
    expect(stored?.status).toBe('pending');
    expect(stored?.payload.version).toBe(2);
    expect(await outbox.dueIds()).toEqual(['refresh:c1']);

    // Without a re-arm, settling ends the record and takes it off the due list.
    const again = await outbox.claim('refresh:c1', 60_000);
    await outbox.settle(again!, { status: 'sent', activityIds: ['a2'] });
    expect((await outbox.get('refresh:c1'))?.status).toBe('sent');
    expect(await outbox.dueIds()).toEqual([]);
  } finally {
    await store.close();
  }
});
