/** Terminal commands of the ipvs work (registered in dispatch.ts). */
import type { CommandGroup } from './registry';

export const IPVS_COMMANDS: CommandGroup = {};
