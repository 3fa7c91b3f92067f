import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRoute, routePath, type Route } from './route';

describe('parseRoute', () => {
  it('reads every route of learn-shared.md', () => {
    expect(parseRoute('/')).toEqual({ page: 'lab' });
    expect(parseRoute('/lessons')).toEqual({ page: 'lessons' });
    expect(parseRoute('/lessons/')).toEqual({ page: 'lessons' });
    expect(parseRoute('/lessons/dns')).toEqual({ page: 'lesson', lesson: 'dns', step: null });
    expect(parseRoute('/lessons/dns/ndots')).toEqual({ page: 'lesson', lesson: 'dns', step: 'ndots' });
    expect(parseRoute('/drills')).toEqual({ page: 'drills', seed: null });
    expect(parseRoute('/drills/1234')).toEqual({ page: 'drills', seed: 1234 });
    expect(parseRoute('/cards')).toEqual({ page: 'cards' });
    expect(parseRoute('/quiz')).toEqual({ page: 'quiz' });
  });

  it('anything else is not found, never an exception', () => {
    for (const p of ['/drills/abc', '/lessons/a/b/c', '/cards/x', '/nope', '/%E0%A4%A']) expect(parseRoute(p).page).toBe('not-found');
  });

  it('routePath and parseRoute are inverses', () => {
    const id = fc.string({ minLength: 1, maxLength: 12 });
    const route: fc.Arbitrary<Exclude<Route, { page: 'not-found' }>> = fc.oneof(
      fc.constant({ page: 'lab' as const }),
      fc.constant({ page: 'lessons' as const }),
      fc.record({ page: fc.constant('lesson' as const), lesson: id, step: fc.option(id, { nil: null }) }),
      fc.record({ page: fc.constant('drills' as const), seed: fc.option(fc.nat(), { nil: null }) }),
      fc.constant({ page: 'cards' as const }),
      fc.constant({ page: 'quiz' as const }),
    );
    fc.assert(
      fc.property(route, (r) => {
        expect(parseRoute(routePath(r))).toEqual(r);
      }),
    );
  });
});
