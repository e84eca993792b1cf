// The JSONPath subset CRD additionalPrinterColumns and kubectl use (k8s.io/client-go
// util/jsonpath): .a.b, ['a.b'], [n], [*], [?(@.k=="v")]. Returns every match.

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; path: string[]; op: '==' | '!='; value: string };

/** Returns the steps of a JSONPath like ".status.conditions[?(@.type==\"Ready\")].status". */
export function parseJsonPath(expr: string): Step[] {
  let text = expr.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1);
  if (text.startsWith('$')) text = text.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      i++;
      let name = '';
      while (i < text.length && text[i] !== '.' && text[i] !== '[') name += text[i++];
      if (name === '*') steps.push({ kind: 'wildcard' });
      else if (name) steps.push({ kind: 'field', name });
    } else if (c === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) throw new Error(`unterminated [ in ${expr}`);
      const inner = text.slice(i + 1, end).trim();
      i = end + 1;
      if (inner === '*') steps.push({ kind: 'wildcard' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else {
        const m = /^\?\(@\.([\w.-]+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|(\S+))\)$/.exec(inner);
        if (!m) throw new Error(`unsupported JSONPath filter [${inner}]`);
        steps.push({ kind: 'filter', path: (m[1] as string).split('.'), op: m[2] as '==' | '!=', value: m[3] ?? m[4] ?? m[5] ?? '' });
      }
    } else {
      let name = '';
      while (i < text.length && text[i] !== '.' && text[i] !== '[') name += text[i++];
      steps.push({ kind: 'field', name });
    }
  }
  return steps;
}

function get(value: unknown, path: string[]): unknown {
  let cur = value;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** Returns every value `steps` select in `root`. */
export function evaluateJsonPath(root: unknown, steps: Step[]): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (value === undefined || value === null) continue;
      if (step.kind === 'field') {
        if (typeof value === 'object' && !Array.isArray(value)) {
          const v = (value as Record<string, unknown>)[step.name];
          if (v !== undefined) next.push(v);
        }
      } else if (step.kind === 'index') {
        if (Array.isArray(value)) {
          const v = value[step.index < 0 ? value.length + step.index : step.index];
          if (v !== undefined) next.push(v);
        }
      } else if (step.kind === 'wildcard') {
        if (Array.isArray(value)) next.push(...value);
        else if (typeof value === 'object') next.push(...Object.values(value as object));
      } else if (Array.isArray(value)) {
        for (const item of value) {
          const v = get(item, step.path);
          const s = v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
          if ((step.op === '==' && s === step.value) || (step.op === '!=' && s !== step.value)) next.push(item);
        }
      }
    }
    current = next;
  }
  return current;
}
