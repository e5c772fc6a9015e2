import type * as AELTypes from 'adaptive-expressions';
import type * as ACDataTypes from 'adaptivecards-templating';

/**
 * adaptive-expressions (with antlr4ts and its function library) takes ~0.2 s to load: a tenth of the
 * bot's start-up. The expressions our cards use are parsed here (`parseSimple`), so the library is
 * loaded only when a template or a value needs its general evaluation.
 */
let libraries: { AEL: typeof AELTypes; ACData: typeof ACDataTypes } | undefined;
function lib(): { AEL: typeof AELTypes; ACData: typeof ACDataTypes } {
  return (libraries ??= { AEL: require('adaptive-expressions') as typeof AELTypes, ACData: require('adaptivecards-templating') as typeof ACDataTypes });
}

/**
 * Adaptive Card templates compiled once into render functions, with exactly the output of
 * adaptivecards-templating's `Template.expand` (2.x). Every `${…}` string is parsed once: the shapes
 * our cards use (a field, `$root.field`, `field != ''`, `field > 3`, `count(field) > 0`,
 * `count(field) == 0`, text mixing fields) by `parseSimple` and evaluated directly when the value is a
 * plain string, number or boolean (or an array for count); any other shape or value goes to
 * adaptive-expressions, parsed by the library's own parser, exactly as the library does.
 * `test/cards/compiledTemplate.test.ts` renders every card both ways and compares.
 */
export type RenderFn = (data: object) => unknown;

interface Ctx {
  $root: unknown;
  $data: unknown;
  $index?: number;
}

type Node = (ctx: Ctx) => unknown;

/** Keys the library never copies to the output. */
const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

const TEMPLATE_VERSION = (() => {
  // As the library reports it to expressions ($_acTemplateVersion).
  const version: string = require('adaptivecards-templating/package.json').version;
  const [major, minor, patch = ''] = version.split('.');
  const [p, suffix] = patch.split('-');
  return { major: parseInt(major!), minor: parseInt(minor!), patch: parseInt(p!), suffix: suffix ?? '' };
})();

/** The memory the library gives an expression: bare paths read from $data. */
function templateMemory(ctx: Ctx): AELTypes.MemoryInterface {
  const memory = new (lib().AEL.SimpleObjectMemory)({ $root: ctx.$root, $data: ctx.$data, $index: ctx.$index, $host: undefined, $_acTemplateVersion: TEMPLATE_VERSION });
  return {
    getValue: (path: string) => memory.getValue(path.length > 0 && path[0] !== '$' ? `$data.${path}` : path),
    setValue: (path: string, input: unknown) => memory.setValue(path, input),
    version: () => memory.version(),
  };
}

function substitutionOptions(): AELTypes.Options {
  const { AEL, ACData } = lib();
  const options = new AEL.Options();
  options.nullSubstitution = (path: string) => ACData.GlobalSettings.getUndefinedFieldValueSubstitutionString?.(path) || '${' + path + '}';
  return options;
}

/** The library's evaluation (Template.internalTryEvaluateExpression), for the general case. */
function evaluate(expression: AELTypes.Expression, ctx: Ctx, allowSubstitutions: boolean): { value: unknown; error?: unknown } {
  const memory = templateMemory(ctx);
  const options = allowSubstitutions ? substitutionOptions() : undefined;
  if (expression.type === lib().AEL.ExpressionType.Concat && allowSubstitutions) {
    let result = '';
    for (const child of expression.children) result += evaluateConcatChild(child, memory, options);
    return { value: result };
  }
  return expression.tryEvaluate(memory, options);
}

function evaluateConcatChild(child: AELTypes.Expression, memory: AELTypes.MemoryInterface, options: AELTypes.Options | undefined): string {
  let r: { value: unknown; error?: unknown };
  try {
    r = child.tryEvaluate(memory, options);
  } catch (ex) {
    r = { value: undefined, error: ex };
  }
  if (r.error) r.value = '${' + child.toString() + '}';
  return (r.value as { toString(): string }).toString();
}

const isPlain = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** `field` (from $data) or `$root.field`. */
type Operand = { from: '$data' | '$root'; name: string };

/** The expression shapes our cards use, understood without the library. */
type Simple =
  | { kind: 'value'; operand: Operand } // ${field}, ${$root.field}
  | { kind: 'notEmpty'; field: string } // ${field != ''}
  | { kind: 'greater'; field: string; than: number } // ${field > 3}
  | { kind: 'count'; field: string; empty: boolean } // ${count(field) > 0}, ${count(field) == 0}
  | { kind: 'concat'; parts: (string | Operand)[] }; // text ${field} text ${$root.field}

/** A string containing `${`, parsed once; the library's own parse is made only if it is needed. */
class Parsed {
  private expression?: AELTypes.Expression;
  constructor(
    readonly text: string,
    readonly simple: Simple | undefined,
  ) {}

  /** As Template.prepare parses it (Template.parseInterpolatedString). */
  ael(): AELTypes.Expression {
    return (this.expression ??= lib().ACData.Template.parseInterpolatedString(this.text) as AELTypes.Expression);
  }
}

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const KEYWORDS = new Set(['true', 'false', 'null', 'undefined']);
const OPERAND = new RegExp(`^(\\$root\\.)?(${IDENT})$`);
const NOT_EMPTY = new RegExp(`^(${IDENT})\\s*!=\\s*''$`);
const GREATER = new RegExp(`^(${IDENT})\\s*>\\s*(\\d{1,9})$`);
const COUNT = new RegExp(`^count\\(\\s*(${IDENT})\\s*\\)\\s*(>|==)\\s*0$`);

function operandOf(inner: string): Operand | undefined {
  const m = OPERAND.exec(inner);
  return m && !KEYWORDS.has(m[2]!) ? { from: m[1] ? '$root' : '$data', name: m[2]! } : undefined;
}

/** Our shapes, or undefined (then the library parses the string: anything it accepts still works). */
export function parseSimple(text: string): Simple | undefined {
  const parts: (string | { inner: string })[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$\{([^{}`'"\\]*(?:'[^']*'[^{}`'"\\]*)?)\}/g)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push({ inner: m[1]!.trim() });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  // Literal text with characters that mean something to the library's parser: leave it to the library.
  if (parts.some((p) => typeof p === 'string' && /[`\\${}]/.test(p))) return undefined;
  if (parts.length === 1 && typeof parts[0] !== 'string') {
    const inner = parts[0]!.inner;
    const operand = operandOf(inner);
    if (operand) return { kind: 'value', operand };
    let m = NOT_EMPTY.exec(inner);
    if (m && !KEYWORDS.has(m[1]!)) return { kind: 'notEmpty', field: m[1]! };
    m = GREATER.exec(inner);
    if (m && !KEYWORDS.has(m[1]!)) return { kind: 'greater', field: m[1]!, than: Number(m[2]) };
    m = COUNT.exec(inner);
    if (m && !KEYWORDS.has(m[1]!)) return { kind: 'count', field: m[1]!, empty: m[2] === '==' };
    return undefined;
  }
  const concat: (string | Operand)[] = [];
  for (const p of parts) {
    if (typeof p === 'string') concat.push(p);
    else {
      const operand = operandOf(p.inner);
      if (!operand) return undefined;
      concat.push(operand);
    }
  }
  return { kind: 'concat', parts: concat };
}

function read(ctx: Ctx, operand: Operand): unknown {
  const from = operand.from === '$root' ? ctx.$root : ctx.$data;
  return from !== null && typeof from === 'object' ? (from as Record<string, unknown>)[operand.name] : undefined;
}

/**
 * Compiles one expression; the fast paths fall back to the library's evaluation for any other value.
 * `forData`: a `$data` binding, where a field holding an array or an object is taken as it is (the
 * library's accessor hands back the same value).
 */
function compileExpression(parsed: Parsed, allowSubstitutions: boolean, forData = false): (ctx: Ctx) => { value: unknown; error?: unknown } {
  const general = (ctx: Ctx) => evaluate(parsed.ael(), ctx, allowSubstitutions);
  const simple = parsed.simple;
  if (!simple) return general;
  switch (simple.kind) {
    case 'value':
      return (ctx) => {
        const v = read(ctx, simple.operand);
        return isPlain(v) || (forData && v !== null && typeof v === 'object') ? { value: v } : general(ctx);
      };
    case 'notEmpty': {
      const operand: Operand = { from: '$data', name: simple.field };
      return (ctx) => {
        const v = read(ctx, operand);
        return typeof v === 'string' ? { value: v !== '' } : general(ctx);
      };
    }
    case 'greater': {
      const operand: Operand = { from: '$data', name: simple.field };
      return (ctx) => {
        const v = read(ctx, operand);
        return typeof v === 'number' && Number.isFinite(v) ? { value: v > simple.than } : general(ctx);
      };
    }
    case 'count': {
      const operand: Operand = { from: '$data', name: simple.field };
      return (ctx) => {
        const v = read(ctx, operand);
        return Array.isArray(v) ? { value: simple.empty ? v.length === 0 : v.length > 0 } : general(ctx);
      };
    }
    case 'concat':
      // Text mixing fields, as the library joins it child by child; any other value: the whole string through the library.
      if (!allowSubstitutions) return general;
      return (ctx) => {
        let result = '';
        for (const part of simple.parts) {
          if (typeof part === 'string') result += part;
          else {
            const v = read(ctx, part);
            if (!isPlain(v)) return general(ctx);
            result += String(v);
          }
        }
        return { value: result };
      };
  }
}

function compileNode(node: unknown): Node {
  if (node instanceof Parsed) {
    const run = compileExpression(node, true);
    return (ctx) => {
      const r = run(ctx);
      if (r.error) throw new Error(String(r.error));
      return r.value;
    };
  }
  if (Array.isArray(node)) {
    const items = node.map(compileNode);
    return (ctx) => {
      let out: unknown[] = [];
      for (const item of items) {
        const v = item(ctx);
        if (v !== null) {
          if (Array.isArray(v)) out = out.concat(v);
          else out.push(v);
        }
      }
      return out;
    };
  }
  if (typeof node === 'object' && node !== null) return compileObject(node as Record<string, unknown>);
  return () => node;
}

function compileObject(node: Record<string, unknown>): Node {
  const fields = Object.keys(node)
    .filter((k) => !RESERVED.has(k))
    .map((k) => [k, compileNode(node[k])] as const);
  const when = node.$when;
  const whenFn = when instanceof Parsed ? compileExpression(when, false) : undefined;
  // A $when that is not an expression drops the object (library behaviour).
  const dropAlways = !whenFn && Boolean(when);
  const dataExpression = node.$data;
  const dataFn = dataExpression instanceof Parsed ? compileExpression(dataExpression, true, true) : undefined;
  const hasData = dataExpression !== undefined;

  const expandOne = (ctx: Ctx, out: unknown[]) => {
    if (whenFn) {
      const r = whenFn(ctx);
      if (!(!r.error && r.value === true)) return;
    } else if (dropAlways) return;
    const result: Record<string, unknown> = {};
    for (const [key, fn] of fields) {
      const v = fn(ctx);
      if (v !== undefined) result[key] = v;
    }
    out.push(result);
  };

  return (ctx) => {
    const out: unknown[] = [];
    if (!hasData) expandOne(ctx, out);
    else {
      let data: unknown = dataExpression;
      if (dataFn) {
        const r = dataFn(ctx);
        if (r.error) throw new Error(String(r.error));
        data = r.value;
      }
      if (Array.isArray(data)) {
        // Like the library, an undefined item keeps the previous item's $data (it is not reset per item).
        let current = ctx.$data;
        for (let i = 0; i < data.length; i++) {
          if (data[i] !== undefined) current = data[i];
          expandOne({ $root: ctx.$root, $data: current, $index: i }, out);
        }
      } else {
        expandOne(data !== undefined ? { ...ctx, $data: data } : ctx, out);
      }
    }
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  };
}

/** Parses the template once and returns its render function. */
export function compileTemplate(template: unknown): RenderFn {
  const root = compileNode(prepare(template));
  return (data) => root({ $root: data, $data: data });
}

/** As Template.prepare: every string containing `${` becomes a parsed expression. */
function prepare(node: unknown): unknown {
  if (typeof node === 'string') return node.includes('${') ? new Parsed(node, parseSimple(node)) : node;
  if (Array.isArray(node)) return node.map(prepare);
  if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, prepare(v)]));
  return node;
}
