/** Every lesson, in the order the Lessons page lists them (from the model down to a full incident). */
import type { Lesson } from '../types';
import { calicoBgp } from './calico-bgp';
import { crossNode } from './cross-node';
import { dns } from './dns';
import { egress } from './egress';
import { hostNetwork } from './host-network';
import { ipam } from './ipam';
import { mtuBlackHole } from './mtu-black-hole';
import { networkModel } from './network-model';
import { networkPolicy } from './network-policy';
import { sameNode } from './same-node';
import { services } from './services';
import { troubleshooting } from './troubleshooting';

export const LESSONS: readonly Lesson[] = [
  networkModel,
  sameNode,
  crossNode,
  mtuBlackHole,
  services,
  dns,
  networkPolicy,
  ipam,
  egress,
  hostNetwork,
  calicoBgp,
  troubleshooting,
];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
