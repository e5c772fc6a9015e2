import { createParser } from '../../bot/nlu/parseRequest';
import { IntentModel } from '../../bot/nlu/intentModel';
import { loadCorpus } from '../../bot/nlu/training/corpus';
import { trainModel } from '../../bot/nlu/training/trainModel';
import { examplesOf } from '../../bot/nlu/training/train';
import { run, type Outcome } from './evaluate';

/**
 * k-fold cross-validation on the training corpus: each fold is answered by a model trained on the
 * other folds. These are the only answers the decision thresholds may be calibrated on.
 */
export function crossValidate(k = 5): Outcome[] {
  const { utterances, text } = loadCorpus();
  const examples = examplesOf(utterances);
  const outcomes: Outcome[] = [];
  for (let fold = 0; fold < k; fold++) {
    const model = trainModel(examples.filter((_, i) => i % k !== fold), text);
    const held = utterances.filter((_, i) => i % k === fold);
    outcomes.push(...run(held, createParser(IntentModel.fromFile(model))));
  }
  return outcomes;
}
