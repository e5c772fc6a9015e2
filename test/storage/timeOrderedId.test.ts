import { z } from 'zod';
import { timeOrderedId } from '../../bot/storage/timeOrderedId';

describe('timeOrderedId: draft ids that sort by creation time', () => {
  test('an id made later sorts after one made earlier, also within the same millisecond range of many ids', () => {
    const ids = Array.from({ length: 200 }, (_, i) => timeOrderedId(1_795_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
    expect(timeOrderedId(1_795_000_000_001) > timeOrderedId(1_795_000_000_000)).toBe(true);
  });

  test('a UUID version 7 with the RFC variant, accepted where card data carries a draft id, and unique', () => {
    const ids = Array.from({ length: 1000 }, () => timeOrderedId());
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(z.string().uuid().safeParse(id).success).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
