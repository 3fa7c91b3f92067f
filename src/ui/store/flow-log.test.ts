import { describe, expect, it } from 'vitest';
import { formatLabTime, hubbleVerdict, matchesFilter, type FlowEntry } from './flow-log';

const entry = (over: Partial<FlowEntry>): FlowEntry => ({
  id: 1,
  at: 1234,
  source: 'form',
  probe: { from: 'client', to: 'web-1', protocol: 'icmp', size: 56 },
  verdict: 'dropped',
  reason: 'FILTERED',
  trace: null,
  ...over,
});

describe('flow log', () => {
  it('speaks hubble', () => {
    expect(hubbleVerdict('delivered')).toBe('FORWARDED');
    expect(hubbleVerdict('dropped')).toBe('DROPPED');
    expect(formatLabTime(1234)).toBe('+1.234s');
  });

  it('filters by outcome and by every word of the text', () => {
    const e = entry({});
    expect(matchesFilter(e, { text: '', verdict: 'all' })).toBe(true);
    expect(matchesFilter(e, { text: '', verdict: 'delivered' })).toBe(false);
    expect(matchesFilter(e, { text: 'web-1 filtered', verdict: 'dropped' })).toBe(true);
    expect(matchesFilter(e, { text: 'web-1 tcp', verdict: 'all' })).toBe(false);
    expect(matchesFilter(e, { text: 'DROPPED', verdict: 'all' })).toBe(true);
  });
});
