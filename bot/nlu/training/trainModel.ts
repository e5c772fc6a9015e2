import { createHash } from 'node:crypto';
import { NeuralNetwork, type FeatureMap, type NeuralSettings } from '@nlpjs/neural';
import type { Intent } from '../intents';
import { inputOf, type IntentModelFile } from '../intentModel';

export interface TrainingExample {
  features: string[];
  intent: Intent;
}

/**
 * nlp.js's defaults, but a lower learning rate (0.3: a point better than 0.6 in 5-fold
 * cross-validation) and fewer rounds at most (training stops by itself after ~200).
 */
export const TRAINING_SETTINGS: NeuralSettings = { iterations: 2000, errorThresh: 0.00005, deltaErrorThresh: 0.000001, learningRate: 0.3, momentum: 0.5, alpha: 0.07 };
/** A feature seen in fewer utterances than this is dropped: it would only memorise one sentence. */
const MIN_COUNT = 2;

/**
 * Trains the intent classifier. Deterministic: nlp.js starts every weight at zero and goes through
 * the examples in order, so the same corpus gives the same file.
 */
export function trainModel(examples: readonly TrainingExample[], corpusText: string): IntentModelFile {
  const count = new Map<string, number>();
  for (const ex of examples) for (const f of ex.features) count.set(f, (count.get(f) ?? 0) + 1);
  const kept = new Set([...count].filter(([, n]) => n >= MIN_COUNT).map(([f]) => f));
  const corpus = examples.map((ex) => ({ input: inputOf(ex.features.filter((f) => kept.has(f))), output: { [ex.intent]: 1 } as FeatureMap }));
  const network = new NeuralNetwork({ ...TRAINING_SETTINGS });
  network.train(corpus);
  const json = network.toJSON();
  return {
    format: 1,
    trainedOn: { utterances: examples.length, corpusSha256: createHash('sha256').update(corpusText).digest('hex') },
    settings: TRAINING_SETTINGS,
    features: json.features ?? [],
    intents: (json.intents ?? []) as Intent[],
    perceptrons: (json.perceptrons ?? []).map((weights) => weights.map(round)),
  };
}

/** Six significant digits: the file stays small and the scores do not move. */
function round(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(6));
}
