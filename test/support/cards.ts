/** Helpers to read what a user sees on an Adaptive Card. */
export function cardOf(activity: any): any {
  const attachment = activity?.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return attachment?.content;
}

/** All visible text of a card (TextBlocks, facts, choice titles, button titles), joined by newlines. */
export function cardText(card: any): string {
  const out: string[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(node.text);
    if (node.type === 'FactSet') for (const f of node.facts ?? []) out.push(`${f.title}: ${f.value}`);
    if (node.type === 'Input.ChoiceSet') for (const c of node.choices ?? []) out.push(c.title);
    if (typeof node.label === 'string') out.push(node.label);
    if (typeof node.title === 'string' && String(node.type ?? '').startsWith('Action.')) out.push(node.title);
    for (const v of Object.values(node)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out.join('\n');
}

export function actionsOf(card: any): { title: string; verb?: string; data?: any; url?: string }[] {
  return (card?.actions ?? []).map((a: any) => ({ title: a.title, verb: a.verb, data: a.data, url: a.url }));
}

export function actionByVerb(card: any, verb: string): { title: string; verb: string; data: any } {
  const a = actionsOf(card).find((x) => x.verb === verb);
  if (!a) throw new Error(`No ${verb} button on card:\n${cardText(card)}`);
  return a as any;
}

export function input(card: any, id: string): any {
  let found: any;
  const walk = (node: any) => {
    if (!node || typeof node !== 'object' || found) return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.id === id) found = node;
    for (const v of Object.values(node)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return found;
}
