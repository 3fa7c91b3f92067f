import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mulberry32, shuffled } from './rng';
import { sinceOf, ticketOf } from './ticket';
import type { MatrixCell, MatrixProbe } from './types';

const probes: MatrixProbe[] = [
  { kind: 'same-node', label: 'client → web-0', probe: { from: 'client', to: 'web-0', protocol: 'icmp' } },
  { kind: 'cross-node', label: 'client → web-1', probe: { from: 'client', to: 'web-1', protocol: 'icmp' } },
  { kind: 'large', label: 'client → web-1 big', probe: { from: 'client', to: 'web-1', protocol: 'icmp', size: 1472 } },
];
const ok = (p: MatrixProbe): MatrixCell => ({ kind: p.kind, label: p.label, verdict: 'delivered', reason: 'DELIVERED' });
const bad = (p: MatrixProbe): MatrixCell => ({ kind: p.kind, label: p.label, verdict: 'dropped', reason: 'FILTERED' });

describe('the ticket', () => {
  it('speaks of the most visible broken check, counts the others, and names what still works', () => {
    const t = ticketOf(probes, probes.map(ok), [ok(probes[0]!), bad(probes[1]!), bad(probes[2]!)], '10:02', mulberry32(1));
    expect(t).toMatch(/web-1/);
    expect(t).toContain('10:02');
    expect(t).toContain('(and 1 more check fails)');
    expect(t).toContain('client → web-0 still works');
  });

  it('says big packets hang when only the large ping broke (the MTU symptom, not its cause)', () => {
    const t = ticketOf(probes, probes.map(ok), [ok(probes[0]!), ok(probes[1]!), bad(probes[2]!)], '09:15', mulberry32(2));
    expect(t).toMatch(/big ones hang|stall/);
    expect(t).not.toMatch(/MTU/i);
  });
});

describe('the seeded dice', () => {
  it('the same seed draws the same times and orders (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = mulberry32(seed);
        const b = mulberry32(seed);
        expect([sinceOf(a), shuffled(a, [1, 2, 3, 4, 5])]).toEqual([sinceOf(b), shuffled(b, [1, 2, 3, 4, 5])]);
        expect(sinceOf(mulberry32(seed))).toMatch(/^(0[89]|1[0-7]):[0-5]\d$/);
      }),
    );
  });
});
