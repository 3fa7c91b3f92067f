/** The study deck: every seed question's card plus topic cards (issue 8 §3: at least 80). */
import type { Card } from '../types';
import { DNS_EGRESS_CARDS } from './dns-egress';
import { MODEL_CNI_CARDS } from './model-cni';
import { PATH_CARDS } from './paths';
import { POLICY_CARDS, TROUBLESHOOTING_CARDS } from './policy-troubleshooting';
import { SEED_CARDS } from './seed-cards';
import { SERVICE_CARDS } from './services';

export const CARDS: readonly Card[] = [
  ...SEED_CARDS,
  ...MODEL_CNI_CARDS,
  ...PATH_CARDS,
  ...SERVICE_CARDS,
  ...DNS_EGRESS_CARDS,
  ...POLICY_CARDS,
  ...TROUBLESHOOTING_CARDS,
];

export function cardById(id: string): Card | undefined {
  return CARDS.find((c) => c.id === id);
}
