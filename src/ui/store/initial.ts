/**
 * The lab the page opens with: the share link's scenario when the URL carries a valid one,
 * otherwise the default sample — with an error banner when the link was bad.
 */
import type { Lab, Scenario } from '../../engine';
import { DEFAULT_SCENARIO_ID, loadDefault } from './scenarios';
import { decodeShareHash } from './share-link';

export interface Banner {
  readonly kind: 'error' | 'info';
  readonly title: string;
  readonly details: readonly string[];
}

export interface InitialLab {
  readonly scenario: Scenario;
  readonly lab: Lab;
  readonly sampleId: string | null;
  readonly banner: Banner | null;
}

export function initialLab(hash: string): InitialLab {
  const link = decodeShareHash(hash);
  if (link.kind === 'ok') return { scenario: link.lab.scenario, lab: link.lab, sampleId: null, banner: null };
  const { scenario, lab } = loadDefault();
  if (link.kind === 'none') return { scenario, lab, sampleId: DEFAULT_SCENARIO_ID, banner: null };
  return {
    scenario,
    lab,
    sampleId: DEFAULT_SCENARIO_ID,
    banner: { kind: 'error', title: 'The share link does not hold a valid scenario — showing the default lab instead.', details: link.errors },
  };
}
