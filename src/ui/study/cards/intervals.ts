/**
 * How long until a card is due again, in the short form Anki prints on its answer buttons
 * ("<1m", "10m", "3h", "4d", "2mo", "1.5y"): the learner sees what each rating schedules
 * before committing to one.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function intervalText(fromMs: number, toMs: number): string {
  const ms = Math.max(0, toMs - fromMs);
  if (ms < MINUTE) return '<1m';
  if (ms < HOUR) return `${Math.round(ms / MINUTE)}m`;
  if (ms < DAY) return `${Math.round(ms / HOUR)}h`;
  const days = ms / DAY;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${trim(days / 30)}mo`;
  return `${trim(days / 365)}y`;
}

/** The same interval in words, for accessible names ("10 minutes", "4 days"). */
export function intervalWords(fromMs: number, toMs: number): string {
  const short = intervalText(fromMs, toMs);
  if (short === '<1m') return 'under a minute';
  const m = /^([\d.]+)(m|h|d|mo|y)$/.exec(short);
  if (!m) return short;
  const n = Number(m[1]);
  const unit = { m: 'minute', h: 'hour', d: 'day', mo: 'month', y: 'year' }[m[2] as 'm' | 'h' | 'd' | 'mo' | 'y'];
  return `${m[1]} ${unit}${n === 1 ? '' : 's'}`;
}

function trim(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}
