import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NeuralNetwork, type FeatureMap, type NeuralJson, type NeuralSettings } from '@nlpjs/neural';
import { ROOT } from '../paths';
import { INTENTS, type Intent } from './intents';

/** Where `npm run nlu:train` writes the model and the bot reads it. */
export const MODEL_PATH = join(ROOT, 'bot', 'nlu', 'model', 'intentModel.json');

/** The stored model: nlp.js's network (one perceptron per intent) and what it was trained on. */
export interface IntentModelFile {
  format: 1;
  trainedOn: { utterances: number; corpusSha256: string };
  settings: NeuralSettings;
  features: string[];
  intents: Intent[];
  /** Per intent: one weight per feature, then the bias. */
  perceptrons: number[][];
}

export interface RankedIntent {
  intent: Intent;
  /** 0..1; the scores of all intents add up to 1 at most (less when the classifier is unsure). */
  score: number;
}

/**
 * The network's input: each feature present, scaled so the vector has length 1. A long message then
 * weighs as much as a short one, and training converges (with plain 1s, ~60 features per message
 * made the perceptrons overshoot: 75% against 90% held-out accuracy, and 4× slower).
 */
export function inputOf(features: readonly string[]): FeatureMap {
  const input: FeatureMap = {};
  const value = features.length > 0 ? 1 / Math.sqrt(features.length) : 0;
  for (const f of features) input[f] = value;
  return input;
}

/**
 * The trained intent classifier: nlp.js's NeuralNetwork gives each intent a non-negative activation,
 * trained towards 1 for the right intent and 0 for the others; the top score is the confidence.
 * Loaded once; `rank` keeps no state between calls.
 */
export class IntentModel {
  private constructor(private readonly network: NeuralNetwork) {}

  static fromFile(file: IntentModelFile): IntentModel {
    for (const intent of file.intents) if (!(INTENTS as readonly string[]).includes(intent)) throw new Error(`intent model: unknown intent ${intent}`);
    const network = new NeuralNetwork();
    const json: NeuralJson = { settings: file.settings, features: file.features, intents: file.intents, perceptrons: file.perceptrons };
    network.fromJSON(json);
    return new IntentModel(network);
  }

  static load(path = MODEL_PATH): IntentModel {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new Error(`intent model missing at ${path}: run "npm run nlu:train" (${(e as Error).message})`);
    }
    return IntentModel.fromFile(JSON.parse(text) as IntentModelFile);
  }

  rank(features: readonly string[]): RankedIntent[] {
    const input = inputOf(features);
    // run() returns the network's own output object, rewritten by the next call: copied at once.
    const raw = { ...(this.network.run(input) ?? {}) } as Record<string, number>;
    // An activation near 1 is what training aimed at for the right intent: the scores are the
    // activations' shares, but never more than the activations themselves, so a message that lit no
    // intent up fully stays unsure (shares alone made every lone activation look certain).
    let total = 0;
    for (const intent of INTENTS) total += raw[intent] ?? 0;
    const scale = Math.max(total, 1);
    const ranked = INTENTS.map((intent) => ({ intent, score: total > 0 ? (raw[intent] ?? 0) / scale : 0 }));
    return ranked.sort((a, b) => b.score - a.score || INTENTS.indexOf(a.intent) - INTENTS.indexOf(b.intent));
  }
}
