import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ROOT } from '../../paths';
import { contosoContext } from '../demoCatalog';
import { featuresOf } from '../features';
import { MODEL_PATH, type IntentModelFile } from '../intentModel';
import { analyse } from '../textAnalysis';
import { loadCorpus } from './corpus';
import { trainModel, type TrainingExample } from './trainModel';
import type { LabelledUtterance } from './labelledFile';

/**
 * `npm run nlu:train`: trains the intent classifier on bot/nlu/corpus/*.txt and writes
 * bot/nlu/model/intentModel.json. The corpus is labelled against the demo tenant Contoso, so it is
 * read with Contoso's catalog and partners, as the bot reads a message with its tenant's.
 */
export function examplesOf(utterances: readonly LabelledUtterance[]): TrainingExample[] {
  const context = contosoContext();
  return utterances.map((u) => ({ features: featuresOf(analyse(u.text, context)), intent: u.intent }));
}

/** One perceptron per line: a retrained model shows as a readable diff. */
export function serializeModel(model: IntentModelFile): string {
  const { perceptrons, ...rest } = model;
  const head = JSON.stringify(rest);
  return `${head.slice(0, -1)},"perceptrons":[\n${perceptrons.map((p) => JSON.stringify(p)).join(',\n')}\n]}\n`;
}

if (require.main === module) {
  const started = process.hrtime.bigint();
  const { utterances, text } = loadCorpus();
  const model = trainModel(examplesOf(utterances), text);
  writeFileSync(MODEL_PATH, serializeModel(model));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`trained on ${utterances.length} utterances, ${model.features.length} features, ${model.intents.length} intents in ${(ms / 1000).toFixed(1)} s -> ${relative(ROOT, MODEL_PATH)}`);
}
