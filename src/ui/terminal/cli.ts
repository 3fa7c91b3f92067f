/**
 * The one seam between the UI and the engine's CLI (src/engine/cli): the terminal and the
 * Details panel print exactly what the engine renders, never invented output; a command
 * the engine does not model answers that it is not modelled.
 */
import { completionWords, editorTextFor, rebuildLab, runCommand, SUPPORTED_COMMANDS, tokenize, type CommandResult } from '../../engine/cli';
import type { Lab } from '../../engine';
import { setEditReplayer } from '../store/lab-store';

// a fault toggled after a repair rebuilds the lab: the store replays the terminal's edits with this
setEditReplayer((scenario, edits) => rebuildLab(scenario, edits));

export type CliResult = CommandResult;

/** `stdin`: what the command reads (a here-document, the object `kubectl edit` saved). */
export function runCli(lab: Lab, where: string, line: string, stdin?: string): CliResult {
  return runCommand(lab, where, line, stdin);
}

/** The text `kubectl edit` opens in its editor for this line, or undefined when the line is not such an edit. */
export function editorText(lab: Lab, line: string): string | undefined {
  const t = tokenize(line);
  return t.ok ? editorTextFor(lab, t.argv) : undefined;
}

/** Command names offered by tab completion (`clear` is the terminal's own). */
export function cliCommands(): readonly string[] {
  return [...SUPPORTED_COMMANDS, 'clear'];
}

/** Flags and sub-commands tab completion offers after `command`. */
export function cliWords(command: string): readonly string[] {
  return completionWords(command);
}
