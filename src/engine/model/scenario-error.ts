/**
 * A problem with a scenario, naming the field and (for YAML) the line, and its one-line
 * form `file:line: field.path: message`. Kept apart from the schema so that code which only
 * reports errors does not load the validator (zod) or the YAML parser.
 */
export interface ScenarioError {
  /** dotted path of the field: `cluster.nodes[1].ip` */
  readonly path: string;
  readonly line?: number;
  readonly message: string;
}

export function formatScenarioError(e: ScenarioError, file?: string): string {
  const where = file ? (e.line !== undefined ? `${file}:${e.line}` : file) : e.line !== undefined ? `line ${e.line}` : '';
  return `${where ? `${where}: ` : ''}${e.path ? `${e.path}: ` : ''}${e.message}`;
}
