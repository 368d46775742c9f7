// Formatting of money, numbers and times for display.
// Money is carried by the API in minor units (fen) with an ISO currency code.

const SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', GBP: '£', JPY: '¥', HKD: 'HK$' };
const DIGITS: Record<string, number> = { JPY: 0, KRW: 0 };

// Number.prototype.toLocaleString with options builds a new Intl.NumberFormat on every call
// (tens of microseconds); a table page formats hundreds of cells, so the formatters are kept.
const numberFormats = new Map<number, Intl.NumberFormat>();
function fixed(x: number, fractionDigits: number): string {
  let f = numberFormats.get(fractionDigits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
    numberFormats.set(fractionDigits, f);
  }
  return f.format(x);
}

/** 123450 CNY → "¥1,234.50"; negative → "-¥1,234.50"; null → "—". */
export function formatMoney(
  minor: number | null | undefined,
  currency = 'CNY',
  opts: { compact?: boolean; locale?: string } = {},
): string {
  if (minor === null || minor === undefined || Number.isNaN(minor)) return '—';
  const digits = DIGITS[currency] ?? 2;
  const symbol = SYMBOLS[currency] ?? `${currency} `;
  const neg = minor < 0;
  const major = Math.abs(minor) / 10 ** digits;
  let body: string;
  if (opts.compact && major >= 10000 && opts.locale === 'en') {
    body = major >= 1e9 ? `${trim(major / 1e9)}B` : major >= 1e6 ? `${trim(major / 1e6)}M` : `${trim(major / 1e3)}K`;
  } else if (opts.compact && major >= 10000) {
    body = major >= 1e8 ? `${trim(major / 1e8)}亿` : `${trim(major / 1e4)}万`;
  } else {
    body = fixed(major, digits);
  }
  return `${neg ? '-' : ''}${symbol}${body}`;
}

function trim(x: number): string {
  return x.toFixed(2).replace(/\.?0+$/, '');
}

/** 1234567 → "1,234,567". */
export function formatNumber(n: number | null | undefined, fractionDigits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return fixed(n, fractionDigits);
}

/** 0.5799 → "58.0%". */
export function formatPercent(r: number | null | undefined, fractionDigits = 1): string {
  if (r === null || r === undefined || Number.isNaN(r)) return '—';
  return `${(r * 100).toFixed(fractionDigits)}%`;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    partsCache.set(timeZone, f);
  }
  return f;
}

/**
 * An instant (ISO string or epoch ms) in the shop's time zone: "2024-06-01 18:00".
 * `seconds` adds ":ss"; `dateOnly` gives "2024-06-01".
 */
export function formatDateTime(
  value: string | number | Date | null | undefined,
  timeZone = 'Asia/Shanghai',
  opts: { seconds?: boolean; dateOnly?: boolean } = {},
): string {
  if (value === null || value === undefined || value === '') return '—';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter(timeZone).formatToParts(d);
  } catch {
    parts = formatter('UTC').formatToParts(d);
  }
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  if (opts.dateOnly) return date;
  const time = `${get('hour')}:${get('minute')}${opts.seconds ? `:${get('second')}` : ''}`;
  return `${date} ${time}`;
}

/** "3 天前"-style relative time is locale work; this gives whole days between now and an instant. */
export function daysAgo(value: string | number | null | undefined, now = Date.now()): number | null {
  if (value === null || value === undefined || value === '') return null;
  const t = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(t)) return null;
  return Math.floor((now - t) / 86400000);
}
