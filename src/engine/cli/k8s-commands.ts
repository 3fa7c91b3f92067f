/** Terminal commands of the k8s work (registered in dispatch.ts). */
import type { CommandGroup } from './registry';

export const K8S_COMMANDS: CommandGroup = {};
