/**
 * The lab the page opens with: the default sample. A share link in the URL is read right
 * after (useShareLinkSync: the validator loads on demand) and replaces it, or shows an
 * error banner when the link is bad.
 */
import type { Lab, Scenario } from '../../engine';
import { DEFAULT_SCENARIO_ID, loadDefault } from './scenarios';

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

export function initialLab(): InitialLab {
  const { scenario, lab } = loadDefault();
  return { scenario, lab, sampleId: DEFAULT_SCENARIO_ID, banner: null };
}
