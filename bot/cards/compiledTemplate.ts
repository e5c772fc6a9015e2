import * as AEL from 'adaptive-expressions';
import * as ACData from 'adaptivecards-templating';

/**
 * Adaptive Card templates compiled once into render functions, with exactly the output of
 * adaptivecards-templating's `Template.expand` (2.x). Every `${…}` string is parsed once, by the
 * library's own parser; at render time the common shapes our cards use (a field, `field != ''`,
 * `count(field) > 0`, text mixing fields) are evaluated directly when the value is a plain string,
 * number or boolean, and everything else goes to adaptive-expressions exactly as the library does.
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
class TemplateMemory implements AEL.MemoryInterface {
  private readonly memory: AEL.SimpleObjectMemory;
  constructor(ctx: Ctx) {
    this.memory = new AEL.SimpleObjectMemory({ $root: ctx.$root, $data: ctx.$data, $index: ctx.$index, $host: undefined, $_acTemplateVersion: TEMPLATE_VERSION });
  }
  getValue(path: string): unknown {
    return this.memory.getValue(path.length > 0 && path[0] !== '$' ? `$data.${path}` : path);
  }
  setValue(path: string, input: unknown): void {
    this.memory.setValue(path, input);
  }
  version(): string {
    return this.memory.version();
  }
}

function substitutionOptions(): AEL.Options {
  const options = new AEL.Options();
  options.nullSubstitution = (path: string) => ACData.GlobalSettings.getUndefinedFieldValueSubstitutionString?.(path) || '${' + path + '}';
  return options;
}

/** The library's evaluation (Template.internalTryEvaluateExpression), for the general case. */
function evaluate(expression: AEL.Expression, ctx: Ctx, allowSubstitutions: boolean): { value: unknown; error?: unknown } {
  const memory = new TemplateMemory(ctx);
  const options = allowSubstitutions ? substitutionOptions() : undefined;
  if (expression.type === AEL.ExpressionType.Concat && allowSubstitutions) {
    let result = '';
    for (const child of expression.children) result += evaluateConcatChild(child, memory, options);
    return { value: result };
  }
  return expression.tryEvaluate(memory, options);
}

function evaluateConcatChild(child: AEL.Expression, memory: AEL.MemoryInterface, options: AEL.Options | undefined): string {
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

/** `name` (one path segment, not $-prefixed): read straight from $data. */
function fieldOf(e: AEL.Expression): string | undefined {
  if (e.type !== AEL.ExpressionType.Accessor || e.children.length !== 1) return undefined;
  const c = e.children[0];
  return c instanceof AEL.Constant && typeof c.value === 'string' && c.value.length > 0 && c.value[0] !== '$' && !c.value.includes('.') ? c.value : undefined;
}

function readField(ctx: Ctx, field: string): unknown {
  const data = ctx.$data;
  return data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[field] : undefined;
}

/** Compiles one expression; the fast paths fall back to the library's evaluation for any other value. */
function compileExpression(expression: AEL.Expression, allowSubstitutions: boolean): (ctx: Ctx) => { value: unknown; error?: unknown } {
  const general = (ctx: Ctx) => evaluate(expression, ctx, allowSubstitutions);
  const field = fieldOf(expression);
  if (field) {
    return (ctx) => {
      const v = readField(ctx, field);
      return isPlain(v) ? { value: v } : general(ctx);
    };
  }
  const [left, right] = expression.children;
  // field != ''
  if (expression.type === AEL.ExpressionType.NotEqual && left && right instanceof AEL.Constant && right.value === '') {
    const f = fieldOf(left);
    if (f) {
      return (ctx) => {
        const v = readField(ctx, f);
        return typeof v === 'string' ? { value: v !== '' } : general(ctx);
      };
    }
  }
  // count(field) > 0
  if (expression.type === AEL.ExpressionType.GreaterThan && left?.type === AEL.ExpressionType.Count && left.children.length === 1 && right instanceof AEL.Constant && right.value === 0) {
    const f = fieldOf(left.children[0]!);
    if (f) {
      return (ctx) => {
        const v = readField(ctx, f);
        return Array.isArray(v) ? { value: v.length > 0 } : general(ctx);
      };
    }
  }
  // "text ${a} more ${b}": constants and fields concatenated, as the library does child by child.
  if (expression.type === AEL.ExpressionType.Concat && allowSubstitutions) {
    const parts = expression.children.map((child) => {
      if (child instanceof AEL.Constant && typeof child.value === 'string') {
        const text = child.value;
        return () => text;
      }
      const f = fieldOf(child);
      const slow = (ctx: Ctx) => evaluateConcatChild(child, new TemplateMemory(ctx), substitutionOptions());
      if (!f) return slow;
      return (ctx: Ctx) => {
        const v = readField(ctx, f);
        return isPlain(v) ? String(v) : slow(ctx);
      };
    });
    return (ctx) => {
      let result = '';
      for (const part of parts) result += part(ctx);
      return { value: result };
    };
  }
  return general;
}

function compileNode(node: unknown): Node {
  if (node instanceof AEL.Expression) {
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
  const whenFn = when instanceof AEL.Expression ? compileExpression(when, false) : undefined;
  // A $when that is not an expression drops the object (library behaviour).
  const dropAlways = !whenFn && Boolean(when);
  const dataExpression = node.$data;
  const dataFn = dataExpression instanceof AEL.Expression ? compileExpression(dataExpression, true) : undefined;
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

/** Parses the template once (the library's own string parser) and returns its render function. */
export function compileTemplate(template: unknown): RenderFn {
  const root = compileNode(prepare(template));
  return (data) => root({ $root: data, $data: data });
}

/** As Template.prepare: every string containing `${` becomes a parsed expression. */
function prepare(node: unknown): unknown {
  if (typeof node === 'string') return ACData.Template.parseInterpolatedString(node);
  if (Array.isArray(node)) return node.map(prepare);
  if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, prepare(v)]));
  return node;
}
