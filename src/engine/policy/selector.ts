/**
 * Kubernetes label selectors (metav1.LabelSelector): matching and the printed form.
 *
 * Semantics follow k8s.io/apimachinery pkg/labels/selector.go: matchLabels and every
 * matchExpressions requirement are ANDed; `In` needs the key with a listed value, `NotIn`
 * matches when the key is absent or its value is not listed, `Exists`/`DoesNotExist` test the
 * key only. An empty selector matches everything.
 */
import type { LabelSelector, LabelSelectorRequirement, Labels } from './types';

export const EMPTY_SELECTOR: LabelSelector = { matchLabels: {}, matchExpressions: [] };

export function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels).length === 0 && sel.matchExpressions.length === 0;
}

export function requirementMatches(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  switch (req.operator) {
    case 'In':
      return has && req.values.includes(labels[req.key]);
    case 'NotIn':
      return !has || !req.values.includes(labels[req.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

export function selectorMatches(sel: LabelSelector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  return sel.matchExpressions.every((r) => requirementMatches(r, labels));
}

/** The form `kubectl describe networkpolicy` prints (labels.Selector String()): `pod=b,env notin (x)`. */
export function selectorString(sel: LabelSelector): string {
  const parts = Object.keys(sel.matchLabels)
    .sort()
    .map((k) => `${k}=${sel.matchLabels[k]}`);
  for (const r of sel.matchExpressions) {
    const values = [...r.values].sort().join(',');
    if (r.operator === 'In') parts.push(`${r.key} in (${values})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${values})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else parts.push(`!${r.key}`);
  }
  return parts.length === 0 ? '{}' : `{${parts.join(',')}}`;
}

export function labelsString(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? '{}' : `{${keys.map((k) => `${k}=${labels[k]}`).join(',')}}`;
}

/** `kubernetes.io/metadata.name` is set by the API server on every namespace and cannot be changed. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
