import { ValueType, type HrTime } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, InstrumentType, type CollectionResult, type MetricData, type MetricProducer } from '@opentelemetry/sdk-metrics';
import type { Resource } from '@opentelemetry/resources';
import type { Attributes } from './observer';

/** OpenTelemetry's default histogram boundaries (ms here): what the SDK's own histograms would have used. */
export const DEFAULT_BOUNDARIES = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
/** Points per metric before further attribute sets are counted together, as the SDK's default cardinality limit. */
export const CARDINALITY_LIMIT = 2000;
const OVERFLOW = { 'otel.metric.overflow': true };

/** Adds a measurement to the point of its attribute set. */
export type Measure = (value: number, attributes: Attributes) => void;

type Clean = Record<string, string | number | boolean>;
interface Sum {
  attributes: Clean;
  value: number;
}
interface Buckets {
  attributes: Clean;
  counts: number[];
  count: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * The bot's counters and histograms, aggregated here and handed to the SDK's metric reader at each collection
 * (a MetricProducer), for OTLP and Azure Monitor alike. The SDK's own instruments hash every measurement's
 * attribute set (sorting its keys and writing them as JSON): ~2 µs and ~1.5 KB of garbage a measurement, and
 * a turn makes about eight. Here a measurement finds its point by walking its attributes' names and values in
 * the order the caller gives them (each call site always gives the same names in the same order), and adds to
 * it: no allocation once the point exists.
 *
 * Temporality as the exporter asks (`temporality`): cumulative (OTLP's default) reports totals since the
 * start; delta (Azure Monitor, or OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta) reports what came
 * since the last collection and starts afresh.
 */
export class MetricAggregator implements MetricProducer {
  private readonly sums: { descriptor: Descriptor; points: Points<Sum> }[] = [];
  private readonly histograms: { descriptor: Descriptor; boundaries: number[]; points: Points<Buckets> }[] = [];
  private readonly gauges: { descriptor: Descriptor; read: () => Promise<number> }[] = [];
  private start: HrTime;

  constructor(
    private readonly resource: Resource,
    private readonly scope: { name: string; version: string },
    private readonly temporality: (type: InstrumentType) => AggregationTemporality,
    private readonly now: () => number = Date.now,
  ) {
    this.start = hrTime(now());
  }

  counter(name: string, description: string, unit = ''): Measure {
    const points = new Points<Sum>((a) => ({ attributes: a, value: 0 }));
    this.sums.push({ descriptor: { name, description, unit }, points });
    return (value, attributes) => {
      points.of(attributes).value += value;
    };
  }

  histogram(name: string, description: string, unit: string, boundaries = DEFAULT_BOUNDARIES): Measure {
    const points = new Points<Buckets>((a) => emptyBuckets(a, boundaries.length + 1));
    this.histograms.push({ descriptor: { name, description, unit }, boundaries, points });
    return (value, attributes) => {
      const point = points.of(attributes);
      let i = 0;
      while (i < boundaries.length && value > boundaries[i]!) i++;
      point.counts[i]!++;
      point.count++;
      point.sum += value;
      if (value < point.min) point.min = value;
      if (value > point.max) point.max = value;
    };
  }

  /** A value read at each collection (awaited: the reader's time-out bounds it); a failed read reports nothing. */
  gauge(name: string, description: string, read: () => Promise<number>): void {
    this.gauges.push({ descriptor: { name, description, unit: '' }, read });
  }

  async collect(): Promise<CollectionResult> {
    const end = hrTime(this.now());
    const metrics: MetricData[] = [];
    const sumDelta = this.temporality(InstrumentType.COUNTER) === AggregationTemporality.DELTA;
    const histogramDelta = this.temporality(InstrumentType.HISTOGRAM) === AggregationTemporality.DELTA;
    for (const { descriptor, points } of this.sums) {
      const dataPoints = points.all.filter((p) => !sumDelta || p.value !== 0).map((p) => ({ startTime: this.start, endTime: end, attributes: p.attributes, value: p.value }));
      if (sumDelta) for (const p of points.all) p.value = 0;
      if (dataPoints.length > 0) metrics.push({ descriptor: { ...descriptor, valueType: ValueType.DOUBLE }, aggregationTemporality: sumDelta ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.SUM, isMonotonic: true, dataPoints });
    }
    for (const { descriptor, boundaries, points } of this.histograms) {
      const dataPoints = points.all
        .filter((p) => p.count > 0)
        .map((p) => ({ startTime: this.start, endTime: end, attributes: p.attributes, value: { buckets: { boundaries, counts: [...p.counts] }, count: p.count, sum: p.sum, min: p.min, max: p.max } }));
      if (histogramDelta) for (const p of points.all) resetBuckets(p);
      if (dataPoints.length > 0) metrics.push({ descriptor: { ...descriptor, valueType: ValueType.DOUBLE }, aggregationTemporality: histogramDelta ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.HISTOGRAM, dataPoints });
    }
    for (const { descriptor, read } of this.gauges) {
      const value = await read().catch(() => undefined);
      if (value !== undefined) metrics.push({ descriptor: { ...descriptor, valueType: ValueType.DOUBLE }, aggregationTemporality: AggregationTemporality.CUMULATIVE, dataPointType: DataPointType.GAUGE, dataPoints: [{ startTime: end, endTime: end, attributes: {}, value }] });
    }
    // A delta's next interval starts where this one ended; a cumulative one keeps its start.
    if (sumDelta || histogramDelta) this.start = end;
    return { resourceMetrics: { resource: this.resource, scopeMetrics: metrics.length > 0 ? [{ scope: this.scope, metrics }] : [] }, errors: [] };
  }
}

interface Descriptor {
  name: string;
  description: string;
  unit: string;
}

function clean(attributes: Attributes): Clean {
  const out: Clean = {};
  for (const k in attributes) if (attributes[k] !== undefined) out[k] = attributes[k]!;
  return out;
}

/** A level of the walk: the next name or value, and the point of the set that ends here. */
interface Level<P> {
  next?: Map<string | number | boolean, Level<P>>;
  point?: P;
}

/**
 * A metric's points by attribute set: a name, then its value, one level each (undefined values left out, as
 * they are from the exported point; 1 and '1' are different values). Made on a set's first measurement; past
 * the cardinality limit, new sets share the overflow point.
 */
class Points<P> {
  readonly all: P[] = [];
  private readonly root: Level<P> = {};
  private overflow?: P;

  constructor(private readonly make: (attributes: Clean) => P) {}

  of(attributes: Attributes): P {
    let level = this.root;
    for (const k in attributes) {
      const v = attributes[k];
      if (v !== undefined) level = below(below(level, k), v);
    }
    if (level.point) return level.point;
    if (this.all.length < CARDINALITY_LIMIT - 1) {
      this.all.push((level.point = this.make(clean(attributes))));
      return level.point;
    }
    if (!this.overflow) this.all.push((this.overflow = this.make(OVERFLOW)));
    return this.overflow;
  }
}

function below<P>(level: Level<P>, key: string | number | boolean): Level<P> {
  const next = (level.next ??= new Map());
  let found = next.get(key);
  if (!found) next.set(key, (found = {}));
  return found;
}

function emptyBuckets(attributes: Clean, buckets: number): Buckets {
  return { attributes, counts: new Array<number>(buckets).fill(0), count: 0, sum: 0, min: Infinity, max: -Infinity };
}

/** A delta histogram's point after a collection (which copied its counts): empty again. */
function resetBuckets(p: Buckets): void {
  p.counts.fill(0);
  p.count = p.sum = 0;
  p.min = Infinity;
  p.max = -Infinity;
}

const hrTime = (ms: number): HrTime => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];
