import type { Language, Localizer, Translate } from '../i18n/i18n';

/**
 * Translators that remember plain lookups (`t('form.checkId')`: one key, no options). Cards ask for
 * the same labels on every turn and i18next resolves each one again (a tenth of a busy bot's CPU).
 * Only key-only calls are remembered: their answer depends on the key and the language alone, the
 * locale files do not change while the bot runs, and no user data goes into the memo. Calls with
 * options (interpolation, plurals, returnObjects) always go to i18next.
 */
export class MemoTranslators {
  private readonly translators = new Map<Language, Translate>();

  constructor(private readonly localizer: Localizer) {}

  t(language: Language): Translate {
    let t = this.translators.get(language);
    if (!t) {
      t = memoize(this.localizer.t(language));
      this.translators.set(language, t);
    }
    return t;
  }
}

function memoize(t: Translate): Translate {
  const call = t as unknown as (...a: unknown[]) => unknown;
  const plain = new Map<string, unknown>();
  const memo = (...args: unknown[]) => {
    const key = args[0];
    if (args.length !== 1 || typeof key !== 'string') return call(...args);
    let value = plain.get(key);
    if (value === undefined) {
      value = call(key);
      if (typeof value === 'string') plain.set(key, value);
    }
    return value;
  };
  return memo as unknown as Translate;
}
