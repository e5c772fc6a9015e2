import { parseRetryAfter, retryDelayMs } from '../../bot/backends/retry';
import { adminConsentUrl, graphEndpoints } from '../../bot/directory/graph/graphClouds';
import { TtlLruCache } from '../../bot/directory/graph/ttlLruCache';

describe('national clouds', () => {
  it('selects the sign-in and Graph hosts of the 21Vianet cloud', () => {
    const china = graphEndpoints('china21vianet');
    expect(china).toEqual({ loginUrl: 'https://login.chinacloudapi.cn', graphUrl: 'https://microsoftgraph.chinacloudapi.cn' });
    expect(adminConsentUrl(china.loginUrl, 't1', 'app')).toBe('https://login.chinacloudapi.cn/t1/adminconsent?client_id=app');
  });
  it('uses the worldwide hosts unless overridden', () => {
    expect(graphEndpoints('worldwide')).toEqual({ loginUrl: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com' });
    expect(graphEndpoints('worldwide', { graphUrl: 'http://127.0.0.1:1234/' }).graphUrl).toBe('http://127.0.0.1:1234');
  });
});

describe('TtlLruCache', () => {
  it('expires entries after the TTL and evicts the least recently used', () => {
    let now = 0;
    const cache = new TtlLruCache<string, number>(2, 1000, () => now);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3); // evicts b
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
  });
});

describe('retry timing', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  it('grows exponentially, jittered within [half, full], and never exceeds the cap', () => {
    expect(retryDelayMs(policy, 1, undefined, () => 0)).toBe(50);
    expect(retryDelayMs(policy, 1, undefined, () => 1)).toBe(100);
    expect(retryDelayMs(policy, 3, undefined, () => 1)).toBe(400);
    expect(retryDelayMs(policy, 10, undefined, () => 1)).toBe(1000);
  });
  it('honours Retry-After in seconds or as a date, capped', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(retryDelayMs(policy, 1, 5000)).toBe(1000);
  });
});
