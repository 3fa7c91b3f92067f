import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calicoSelectorMatches, calicoSelectorString, parseCalicoSelector, type CalicoSelector } from './calico-selector';

function sel(text: string): CalicoSelector {
  const r = parseCalicoSelector(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.selector;
}
const matches = (text: string, labels: Record<string, string>) => calicoSelectorMatches(sel(text), labels);
const error = (text: string) => {
  const r = parseCalicoSelector(text);
  return r.ok ? null : r.error;
};

describe('Calico selector parser (libcalico-go lib/selector)', () => {
  it('parses the brief example with the precedence of the docs', () => {
    expect(sel("app == 'web' && env in {'prod','staging'}")).toEqual({
      op: 'and',
      exprs: [
        { op: 'eq', label: 'app', value: 'web' },
        { op: 'in', label: 'env', values: ['prod', 'staging'] },
      ],
    });
    // _selectors.mdx: `! has(my-label) || my-label starts with 'prod' && role in {...}` = (!has) || (starts && in)
    expect(calicoSelectorString(sel("! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}"))).toBe(
      "!has(my-label) || my-label starts with 'prod' && role in {'frontend', 'business'}",
    );
    expect(sel('')).toEqual({ op: 'all' });
    expect(sel('all()')).toEqual({ op: 'all' });
    expect(sel('!!has(a)')).toEqual({ op: 'has', label: 'a' });
  });

  it('evaluates every operator as ast.go does', () => {
    const web = { app: 'web', env: 'prod', tier: 'frontend-1' };
    expect(matches("app == 'web' && env in {'prod','staging'}", web)).toBe(true);
    expect(matches("app == 'web' && env in {'staging'}", web)).toBe(false);
    expect(matches('has(app)', web)).toBe(true);
    expect(matches('!has(app)', web)).toBe(false);
    expect(matches("role != 'db'", web)).toBe(true); // absent label: != matches
    expect(matches("env not in {'dev'}", {})).toBe(true); // absent label: not in matches
    expect(matches("tier contains 'end'", web)).toBe(true);
    expect(matches("tier starts with 'front'", web)).toBe(true);
    expect(matches("tier ends with '-1'", web)).toBe(true);
    expect(matches("tier startswith 'x'", web)).toBe(false); // the tokenizer trims blanks between the words
    expect(matches("(app == 'db' || env == 'prod') && !has(debug)", web)).toBe(true);
    expect(matches('!all()', web)).toBe(false);
    expect(matches('global()', web)).toBe(false);
    expect(calicoSelectorMatches(sel('global()'), {}, true)).toBe(true);
    expect(matches("projectcalico.org/namespace == 'x'", { 'projectcalico.org/namespace': 'x' })).toBe(true);
    expect(matches('a == "it\'s"', { a: "it's" })).toBe(true);
  });

  it('reports errors with the column', () => {
    expect(error("app = 'web'")).toEqual({ column: 5, message: 'expected == at column 5 (a single = is not an operator)' });
    expect(error("app == 'web")).toEqual({ column: 8, message: 'unterminated string starting at column 8' });
    expect(error("app == 'web' & has(x)")).toEqual({ column: 14, message: 'expected && at column 14' });
    expect(error('app == web')).toEqual({ column: 8, message: "expected a quoted string at column 8, found label 'web'" });
    expect(error("app is 'web'")).toEqual({ column: 5, message: "unexpected characters after label 'app' at column 5, was expecting an operator" });
    expect(error("env in ('a')")).toEqual({ column: 8, message: "expected a set literal '{' at column 8, found '('" });
    expect(error("env in {'a' 'b'}")).toEqual({ column: 13, message: "expected '}' at column 13, found string 'b'" });
    expect(error("(app == 'a'")).toEqual({ column: 12, message: "expected ')' at column 12, found end of selector" });
    expect(error("app == 'a' has(b)")).toEqual({ column: 12, message: "unexpected 'has' at column 12 after a complete selector" });
    expect(error('has()')).toEqual({ column: 5, message: 'no label name in has( expression at column 5' });
    expect(error('all(')?.message).toBe("no closing ')' after all( at column 1");
    expect(error("app == 'a' &&")).toEqual({
      column: 14,
      message: 'expected a selector expression (label comparison, has(), all(), ! or parenthesis) at column 14, found end of selector',
    });
    expect(error('app@x')).toEqual({ column: 4, message: "unexpected characters after label 'app' at column 4, was expecting an operator" });
    expect(error('@')).toEqual({ column: 1, message: "unexpected character '@' at column 1" });
  });

  it('printing and re-parsing gives the same selector (fast-check)', () => {
    const label = fc.constantFrom('app', 'env', 'k8s-app', 'projectcalico.org/name');
    const value = fc.constantFrom('web', 'prod', '', "it's", 'a-b.c');
    const leaf: fc.Arbitrary<CalicoSelector> = fc.oneof(
      fc.constant({ op: 'all' as const }),
      label.map((l) => ({ op: 'has' as const, label: l })),
      fc.record({ op: fc.constantFrom('eq' as const, 'ne' as const, 'contains' as const, 'starts' as const, 'ends' as const), label, value }),
      fc.record({ op: fc.constantFrom('in' as const, 'notin' as const), label, values: fc.array(value, { maxLength: 3 }) }),
    );
    const tree = fc.letrec<{ node: CalicoSelector }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        tie('node').map((e) => ({ op: 'not' as const, expr: e })),
        fc.record({ op: fc.constantFrom('and' as const, 'or' as const), exprs: fc.array(tie('node'), { minLength: 2, maxLength: 3 }) }),
      ),
    })).node;
    const labelsArb = fc.dictionary(label, value, { maxKeys: 3 });
    fc.assert(
      fc.property(tree, labelsArb, (s, labels) => {
        const reparsed = sel(calicoSelectorString(s));
        expect(calicoSelectorMatches(reparsed, labels)).toBe(calicoSelectorMatches(s, labels));
        expect(calicoSelectorString(reparsed)).toBe(calicoSelectorString(sel(calicoSelectorString(reparsed))));
      }),
      { numRuns: 300 },
    );
  });
});
