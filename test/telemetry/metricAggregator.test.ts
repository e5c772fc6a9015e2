import { AggregationTemporality, DataPointType, type HistogramMetricData, type MetricData, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { CARDINALITY_LIMIT, MetricAggregator } from '../../bot/telemetry/metricAggregator';

const resource = resourceFromAttributes({ 'service.name': 'test' });
const scope = { name: 'partner-of-record-bot', version: 'test' };

function aggregator(temporality: AggregationTemporality, clock = { t: 1_000_000 }) {
  return new MetricAggregator(resource, scope, () => temporality, () => clock.t);
}

async function collected(a: MetricAggregator): Promise<Map<string, MetricData>> {
  const { resourceMetrics, errors } = await a.collect();
  expect(errors).toEqual([]);
  return new Map(resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]));
}

test('a counter sums each attribute set on its own; a set written without its undefined values is the same set', async () => {
  const a = aggregator(AggregationTemporality.CUMULATIVE);
  const turns = a.counter('bot.turns', 'turns');
  turns(1, { intent: 'add_partner', outcome: 'ok' });
  turns(1, { intent: 'add_partner', outcome: 'ok', language_model: undefined });
  turns(1, { intent: 'add_partner', language_model: undefined, outcome: 'ok' });
  turns(1, { intent: 'view_partners', outcome: 'ok' });
  const sum = (await collected(a)).get('bot.turns') as SumMetricData;
  expect(sum.dataPointType).toBe(DataPointType.SUM);
  expect(sum.isMonotonic).toBe(true);
  expect(sum.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
    [{ intent: 'add_partner', outcome: 'ok' }, 3],
    [{ intent: 'view_partners', outcome: 'ok' }, 1],
  ]);
});

test('sets that differ only in a value\'s type, or in where one set stops, are different points', async () => {
  const a = aggregator(AggregationTemporality.CUMULATIVE);
  const changes = a.counter('bot.changes', '');
  changes(1, { status: 404 });
  changes(1, { status: '404' });
  changes(1, { status: '404', reason: 'unknown' });
  changes(1, { status: true });
  changes(1, {});
  const sum = (await collected(a)).get('bot.changes') as SumMetricData;
  expect(sum.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
    [{ status: 404 }, 1],
    [{ status: '404' }, 1],
    [{ status: '404', reason: 'unknown' }, 1],
    [{ status: true }, 1],
    [{}, 1],
  ]);
});

test('a histogram counts each value in the bucket whose upper bound it does not exceed, with count, sum, min and max', async () => {
  const a = aggregator(AggregationTemporality.CUMULATIVE);
  const duration = a.histogram('bot.turn.duration', 'latency', 'ms', [10, 100]);
  for (const v of [3, 10, 10.5, 100, 250]) duration(v, { intent: 'add_partner' });
  const h = (await collected(a)).get('bot.turn.duration') as HistogramMetricData;
  expect(h.descriptor.unit).toBe('ms');
  expect(h.dataPoints).toHaveLength(1);
  expect(h.dataPoints[0]!.value).toEqual({ buckets: { boundaries: [10, 100], counts: [2, 2, 1] }, count: 5, sum: 373.5, min: 3, max: 250 });
});

test('cumulative: each collection reports the totals since the start; delta: only what came since the last one', async () => {
  const clock = { t: 1_000_000 };
  const cumulative = aggregator(AggregationTemporality.CUMULATIVE, clock);
  const delta = aggregator(AggregationTemporality.DELTA, clock);
  const counts = [cumulative.counter('c', ''), delta.counter('c', '')];
  const durations = [cumulative.histogram('h', '', 'ms'), delta.histogram('h', '', 'ms')];
  for (const add of counts) add(2, { k: 'a' });
  for (const record of durations) record(7, { k: 'a' });
  clock.t += 10_000;
  await Promise.all([cumulative.collect(), delta.collect()]);
  for (const add of counts) add(3, { k: 'a' });
  clock.t += 10_000;
  const [c, d] = await Promise.all([collected(cumulative), collected(delta)]);

  expect((c.get('c') as SumMetricData).dataPoints[0]!.value).toBe(5);
  expect((c.get('h') as HistogramMetricData).dataPoints[0]!.value.count).toBe(1);
  expect(c.get('c')!.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
  expect((c.get('c') as SumMetricData).dataPoints[0]!.startTime).toEqual([1000, 0]);

  expect((d.get('c') as SumMetricData).dataPoints[0]!.value).toBe(3);
  expect(d.get('h')).toBeUndefined(); // nothing recorded since: no point
  expect(d.get('c')!.aggregationTemporality).toBe(AggregationTemporality.DELTA);
  expect((d.get('c') as SumMetricData).dataPoints[0]!.startTime).toEqual([1010, 0]);
  expect((d.get('c') as SumMetricData).dataPoints[0]!.endTime).toEqual([1020, 0]);
});

test('past the cardinality limit, new attribute sets are counted together in one overflow point', async () => {
  const a = aggregator(AggregationTemporality.CUMULATIVE);
  const changes = a.counter('bot.changes', '');
  for (let i = 0; i < CARDINALITY_LIMIT + 500; i++) changes(1, { reason: `r${i}` });
  const points = ((await collected(a)).get('bot.changes') as SumMetricData).dataPoints;
  expect(points).toHaveLength(CARDINALITY_LIMIT);
  expect(points.filter((p) => p.attributes['otel.metric.overflow'] === true).map((p) => p.value)).toEqual([501]);
  expect(points.reduce((n, p) => n + p.value, 0)).toBe(CARDINALITY_LIMIT + 500);
});

test('a gauge is read at each collection; a read that fails reports nothing, and nothing at all exports no scope', async () => {
  const a = aggregator(AggregationTemporality.CUMULATIVE);
  let depth: number | Error = 4;
  a.gauge('bot.outbox.depth', 'waiting', async () => {
    if (depth instanceof Error) throw depth;
    return depth;
  });
  const gauge = (await collected(a)).get('bot.outbox.depth')!;
  expect(gauge.dataPointType).toBe(DataPointType.GAUGE);
  expect(gauge.dataPoints.map((p) => p.value)).toEqual([4]);
  depth = new Error('store closed');
  expect((await a.collect()).resourceMetrics.scopeMetrics).toEqual([]);
});
