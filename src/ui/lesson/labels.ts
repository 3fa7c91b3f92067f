/** How content ids read on screen: a netns id as its pod or node, a reason key as its text. */
import type { Lab } from '../../engine';
import { REASONS } from '../../engine/shell';

export function netnsLabel(lab: Lab, id: string): string {
  const pod = lab.cluster.pods.find((p) => p.netns === id);
  if (pod) return `${pod.name} (pod on ${pod.node})`;
  const node = lab.cluster.nodes.find((n) => n.netns === id);
  if (node) return `${node.name} (node)`;
  return id;
}

export function reasonLabel(key: string): string {
  const r = (REASONS as Record<string, { text: string } | undefined>)[key];
  return r ? `${key}: ${r.text}` : key;
}

export const VERDICTS = ['delivered', 'dropped', 'rejected'] as const;

export const VERDICT_LABEL: Record<(typeof VERDICTS)[number], string> = {
  delivered: 'Delivered',
  dropped: 'Dropped (silently, somewhere on the way)',
  rejected: 'Rejected (the sender is told why)',
};
