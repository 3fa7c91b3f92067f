/**
 * Real-format command output from engine state: the lab terminal and `npm run probe -- --exec`.
 * route-format.ts and table-format.ts hold the single-row formatters the walk also uses.
 */
export { runCommand, runArgv, SUPPORTED_COMMANDS, completionWords, helpText } from './dispatch';
export type { CommandResult, Shell } from './context';
export { formatRoute, routeDst, sortRoutes, mainTable } from '../tables/route-format';
export { formatNeigh, formatFdb, formatRule, formatMatch, formatTarget, type NeighRow, type NeighStateName } from '../tables/table-format';
export { tokenize } from './tokenize';
export { formatPing, formatRtt, icmpText, parsePingArgs, type PingOptions } from './ping';
export { formatTracepath, type PathOptions } from './tracepath';
export { formatTraceroute } from './traceroute';
export { formatCurl, parseCurlArgs, type CurlOptions } from './curl';
export { iptablesSave } from './iptables';
export { tabwrite } from './kubectl';
export { rebuildLab, replayEdits, editorTextFor } from './repair';
// the runner (cli/runner.ts) is not re-exported: it reads scenario files, so it carries the schema and YAML
// parser, which the terminal's chunk must not pull in; scripts/probe.ts imports it directly
