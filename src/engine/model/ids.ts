/** Stable ids for network namespaces in the cluster model. */
export function podNetnsId(namespace: string, name: string): string {
  return `pod:${namespace}/${name}`;
}
