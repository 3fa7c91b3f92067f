/** Terminal commands of the dns work (registered in dispatch.ts). */
import type { CommandGroup } from './registry';

export const DNS_COMMANDS: CommandGroup = {};
