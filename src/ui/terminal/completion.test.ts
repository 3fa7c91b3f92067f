import { describe, expect, it } from 'vitest';
import { complete, type CompletionSource } from './completion';

const src: CompletionSource = {
  commands: ['ip', 'iptables', 'iptables-save', 'ping', 'bridge', 'kubectl'],
  wordsFor: (c) => ({ ip: ['addr', 'route', 'neigh', 'link'], bridge: ['fdb', 'show'], ping: ['-c', '-s'] })[c] ?? [],
  names: ['client', 'web-0', 'web-1', 'node1', '10.244.2.2'],
};

describe('tab completion', () => {
  it('completes a unique command and adds a space', () => {
    expect(complete('pi', 2, src)).toEqual({ line: 'ping ', cursor: 5, options: [] });
  });

  it('extends to the common prefix and lists the choices', () => {
    expect(complete('ipt', 3, src)).toEqual({ line: 'iptables', cursor: 8, options: ['iptables', 'iptables-save'] });
  });

  it("completes a command's own words, then lab names", () => {
    expect(complete('ip ro', 5, src).line).toBe('ip route ');
    expect(complete('ping we', 7, src)).toMatchObject({ line: 'ping web-', options: ['web-0', 'web-1'] });
    expect(complete('sudo bridge f', 13, src).line).toBe('sudo bridge fdb ');
  });

  it('leaves the line alone when nothing matches', () => {
    expect(complete('zz', 2, src)).toEqual({ line: 'zz', cursor: 2, options: [] });
  });
});
