/**
 * Finds user-visible text written straight into card templates or bot code instead of the locale
 * files. Card templates: every text-bearing property must be made of `${...}` expressions (plus
 * punctuation such as "- " or ": "). Code: string literals with letters given to the calls and
 * properties that end up in front of the user. A line can opt out with `// i18n-exempt: reason`.
 */
import ts from 'typescript';

const LETTER = /\p{L}/u;
const EXPRESSION = /\$\{[^}]*\}/g;
const QUOTED_WORD = /'[^']*\p{L}[^']*'|"[^"]*\p{L}[^"]*"/u;
const EXEMPT = /\/\/\s*i18n-exempt:\s*\S/;

/** Properties of Adaptive Card elements that are shown to (or read out to) the user. */
const CARD_TEXT_PROPERTIES = ['text', 'title', 'label', 'placeholder', 'errorMessage', 'value', 'altText', 'fallbackText', 'speak', 'displayText'];
// messageBack/imBack are the Teams payloads of an Action.Submit: their text shows in the chat.
const CARD_TEXT_TYPES = /^(TextBlock|TextRun|RichTextBlock|Action\.\w+|Input\.\w+|Fact|Choice|messageBack|imBack)$/;

function literalCardText(value: string): string | undefined {
  const outside = value.replace(EXPRESSION, '');
  if (LETTER.test(outside)) return outside.trim();
  // Text hidden in an expression, e.g. ${if(x, 'Yes', 'No')}, is just as hard-coded.
  for (const expr of value.match(EXPRESSION) ?? []) if (QUOTED_WORD.test(expr)) return expr;
  return undefined;
}

/** "path: problem" for every literal text in an Adaptive Card template. */
export function cardTemplateProblems(card: unknown, path = '$'): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, where: string, parentKey: string): void => {
    if (Array.isArray(node)) { node.forEach((item, i) => visit(item, `${where}[${i}]`, parentKey)); return; }
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    const type = typeof obj.type === 'string' ? obj.type : parentKey === 'facts' ? 'Fact' : parentKey === 'choices' ? 'Choice' : '';
    if (CARD_TEXT_TYPES.test(type) || where === path) {
      for (const prop of CARD_TEXT_PROPERTIES) {
        // A choice's value (and a choice set's selection) is an id sent back to the bot, never shown.
        if (prop === 'value' && /^(Choice|Input\.ChoiceSet|Input\.Toggle)$/.test(type)) continue;
        const v = obj[prop];
        if (typeof v !== 'string') continue;
        const literal = literalCardText(v);
        if (literal !== undefined) problems.push(`${where}.${prop} (${type || 'card'}): literal text "${literal}"`);
      }
    }
    for (const [k, v] of Object.entries(obj)) visit(v, `${where}.${k}`, k);
  };
  visit(card, path, '');
  return problems;
}

/** Object properties whose string value is shown to the user by the card builders. */
const TEXT_PROPERTIES = new Set(['text', 'title', 'subtitle', 'label', 'placeholder', 'errorMessage', 'paragraphs']);

/** The literal text parts an expression contributes: 'a', `a ${b}`, 'a' + b, c ? 'a' : 'b', ['a']. */
function literalParts(node: ts.Expression): ts.Node[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node];
  if (ts.isTemplateExpression(node)) return [node.head, ...node.templateSpans.map((s) => s.literal)];
  if (ts.isParenthesizedExpression(node)) return literalParts(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return [...literalParts(node.left), ...literalParts(node.right)];
  if (ts.isConditionalExpression(node)) return [...literalParts(node.whenTrue), ...literalParts(node.whenFalse)];
  if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((e) => (ts.isExpression(e) ? literalParts(e) : []));
  return [];
}

function literalText(node: ts.Node): string {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node) ? node.text : '';
}

/** Calls that send their first argument to the user as text. */
function isTextCall(node: ts.CallExpression): boolean {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const name = callee.name.text;
  const target = callee.expression.getText();
  return name === 'sendActivity' || (name === 'text' && (target === 'outcome' || target === 'MessageFactory'));
}

/** "file:line: problem" for every hard-coded user text in one TypeScript source. */
export function codeProblems(fileName: string, source: string): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const lines = source.split('\n');
  const problems: string[] = [];
  const report = (what: string, expr: ts.Expression): void => {
    for (const part of literalParts(expr)) {
      const text = literalText(part);
      if (!LETTER.test(text)) continue;
      const line = sf.getLineAndCharacterOfPosition(part.getStart(sf)).line;
      if (EXEMPT.test(lines[line] ?? '')) continue;
      problems.push(`${fileName}:${line + 1}: ${what} "${text}"`);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isTextCall(node) && node.arguments[0]) report(`${node.expression.getText(sf)}(…)`, node.arguments[0]);
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) && TEXT_PROPERTIES.has(node.name.text)) {
      report(`${node.name.text}:`, node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return problems;
}
