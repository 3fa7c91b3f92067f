/** Terminal commands of the nft work (registered in dispatch.ts). */
import type { CommandGroup } from './registry';

export const NFT_COMMANDS: CommandGroup = {};
