/**
 * The API server's field validation messages, as kube-apiserver words them, so a lab user who
 * writes a broken policy sees what `kubectl apply` would print.
 *
 * Bodies follow k8s.io/apimachinery pkg/util/validation/field errors.go (ErrorBody):
 * `Invalid value: <v>: <detail>`, `Required value: <detail>`, `Forbidden: <detail>`,
 * `Unsupported value: "x": supported values: "A", "B"`. The checks and details are from
 * pkg/util/validation/validation.go (IsQualifiedName, IsValidLabelValue, IsValidPortName,
 * IsValidPortNum, IsDNS1123Subdomain) and pkg/apis/meta/v1/validation (label selectors).
 */
import { isCidr } from '../wire/ipv4';

/** one validation failure; `path` is relative to the object (`spec.ingress[0].from[0]`) */
export interface PolicyIssue {
  readonly path: string;
  readonly message: string;
}

export type Path = readonly (string | number)[];

export interface IssueSink {
  (path: Path, message: string): void;
}

/** Go's %#v-like rendering that field.Invalid uses: strings quoted, numbers bare. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export const invalid = (value: unknown, detail: string): string => `Invalid value: ${goValue(value)}: ${detail}`;
export const required = (detail = ''): string => (detail ? `Required value: ${detail}` : 'Required value');
export const forbidden = (detail: string): string => `Forbidden: ${detail}`;
export const notSupported = (value: unknown, supported: readonly string[]): string =>
  `Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;

export function pathString(path: Path): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');
}

/** validation.RegexError: `msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')` */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

const maxLen = (n: number): string => `must be no more than ${n} characters`;

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

export function dns1123SubdomainErrors(s: string): string[] {
  const errs: string[] = [];
  if (s.length > 253) errs.push(maxLen(253));
  if (!new RegExp(`^${DNS1123_SUBDOMAIN}$`).test(s))
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        'example.com',
      ),
    );
  return errs;
}

/** IsQualifiedName: label keys, `[prefix/]name` */
export function qualifiedNameErrors(s: string): string[] {
  const parts = s.split('/');
  let name = parts[0];
  const errs: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...dns1123SubdomainErrors(prefix).map((m) => `prefix part ${m}`));
  } else if (parts.length > 2) {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
  if (!new RegExp(`^${QUALIFIED_NAME}$`).test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

export function labelValueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!new RegExp(`^${LABEL_VALUE}$`).test(v)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** IsValidPortName (IANA service name rules, RFC 6335 §5.1, lower case only) */
export function portNameErrors(s: string): string[] {
  const errs: string[] = [];
  if (s.length > 15) errs.push(maxLen(15));
  if (!/^[-a-z0-9]+$/.test(s)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(s)) errs.push('must contain at least one letter (a-z)');
  if (s.includes('--')) errs.push('must not contain consecutive hyphens');
  if (s.length > 0 && (s.startsWith('-') || s.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

export function portNumberErrors(n: number): string[] {
  return n >= 1 && n <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** IsValidCIDRForLegacyField; the engine models IPv4 only, so an IPv6 prefix is refused plainly. */
export function cidrErrors(s: string): string[] {
  if (s.includes(':')) return ['podpath models IPv4 only'];
  return isCidr(s) ? [] : ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];
}

export interface RawLabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

/**
 * ValidateLabelSelector / ValidateLabelSelectorRequirement. `sourcePrefixes`: Cilium selector
 * keys may carry a label source (`k8s:app`, `reserved:host`), which is checked without it.
 */
export function checkLabelSelector(sel: RawLabelSelector | undefined, path: Path, add: IssueSink, sourcePrefixes = false): void {
  if (!sel) return;
  const keyOf = (k: string): string => (sourcePrefixes ? k.replace(/^(k8s|any|reserved|cidr|container|unspec):/, '') : k);
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    for (const m of qualifiedNameErrors(keyOf(k))) add([...path, 'matchLabels'], invalid(k, m));
    for (const m of labelValueErrors(v)) add([...path, 'matchLabels'], invalid(v, m));
  }
  (sel.matchExpressions ?? []).forEach((req, i) => {
    const p = [...path, 'matchExpressions', i];
    const values = req.values ?? [];
    if (req.operator === 'In' || req.operator === 'NotIn') {
      if (values.length === 0) add([...p, 'values'], required("must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (req.operator === 'Exists' || req.operator === 'DoesNotExist') {
      if (values.length > 0) add([...p, 'values'], forbidden("may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else add([...p, 'operator'], invalid(req.operator, 'not a valid selector operator'));
    for (const m of qualifiedNameErrors(keyOf(req.key))) add([...p, 'key'], invalid(req.key, m));
  });
}

/**
 * What kubectl prints for a 422 Invalid (the server's message is `<Kind>.<group> "name" is
 * invalid: <errors>`; kubectl rewrites it as below; the several-causes layout is UNVERIFIED).
 */
export function formatInvalid(kind: string, name: string, issues: readonly PolicyIssue[]): string {
  const line = (i: PolicyIssue): string => (i.path ? `${i.path}: ${i.message}` : i.message);
  if (issues.length === 1) return `The ${kind} "${name}" is invalid: ${line(issues[0])}`;
  return `The ${kind} "${name}" is invalid: \n${issues.map((i) => `* ${line(i)}`).join('\n')}`;
}
