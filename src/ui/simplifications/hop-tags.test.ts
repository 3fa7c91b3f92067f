import { describe, expect, it } from 'vitest';
import type { Hop } from '../../engine';
import type { PlayPart } from '../playback/flatten';
import { hopTags, loadHopTags } from './hop-tags';
import { simplifiedAt } from './simplifications';

describe('hop tags', () => {
  const hop = { kind: 'reply', note: 'the simulated echo server answers' } as unknown as Hop;
  const part = undefined as PlayPart | undefined;

  it('say so when asked before they have loaded, then tag as simplifications.ts does', async () => {
    expect(() => hopTags(hop, part)).toThrow('the simplification tags are used before they have loaded');
    await loadHopTags();
    expect(hopTags(hop, part)).toEqual(simplifiedAt(hop, part));
    expect(hopTags(hop, part).map((s) => s.id)).toContain('simulated-servers');
  });
});
