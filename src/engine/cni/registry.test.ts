import { describe, expect, it } from 'vitest';
import { MODELLED_SHAPES, MODELLED_PROXY_MODES, CNI_MODES, SHAPE_PROXY_MODES } from '../model/shapes';
import { programs } from './registry';

describe('CNI program registry', () => {
  it('is what the page offers: every modelled shape and mode has a program, and nothing else is offered', () => {
    expect(Object.fromEntries(programs().map((p) => [p.cni, p.modes]))).toEqual(MODELLED_SHAPES);
  });

  it('models only modes the scenario format names (SCENARIOS.md)', () => {
    for (const p of programs()) for (const m of p.modes) expect(CNI_MODES[p.cni] as readonly string[]).toContain(m);
  });

  it('adds kube-proxy modes only beyond the ones every shape runs with', () => {
    for (const p of programs()) for (const m of p.proxyModes) expect(MODELLED_PROXY_MODES).not.toContain(m);
  });

  it('offers a shape its own kube-proxy modes, exactly as its program declares them', () => {
    expect(
      Object.fromEntries(
        programs()
          .filter((p) => p.proxyModes.length)
          .map((p) => [p.cni, p.proxyModes]),
      ),
    ).toEqual(SHAPE_PROXY_MODES);
  });
});
