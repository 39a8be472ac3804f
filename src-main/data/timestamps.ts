/**
 * Timestamp parsing for the hot loop: hand-written scanners over charCodeAt (no regex, no Date
 * objects, no allocation per row). A parser returns the NAIVE wall-clock time as if it were UTC
 * ms, or NaN; when the text carried an offset ("Z", "+02:00") it is left in `lastOffsetMs`.
 */
export type DateOrder = 'YMD' | 'DMY' | 'MDY';
export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

export type TimeFormat =
  | { readonly kind: 'epoch'; readonly unit: EpochUnit }
  | { readonly kind: 'text'; readonly order: DateOrder };

export const EPOCH_SCALE: Readonly<Record<EpochUnit, number>> = { s: 1000, ms: 1, us: 0.001, ns: 0.000001 };

/** By magnitude: seconds until year 5138, ms until 5138, µs, then ns. */
export function epochUnitOf(value: number): EpochUnit {
  const v = Math.abs(value);
  if (v < 1e11) return 's';
  if (v < 1e14) return 'ms';
  if (v < 1e17) return 'us';
  return 'ns';
}

/** Days from 1970-01-01 to y-m-d (proleptic Gregorian), Howard Hinnant's algorithm. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const validDate = (y: number, m: number, d: number) =>
  m >= 1 && m <= 12 && d >= 1 && (d <= DAYS_IN_MONTH[m - 1] && (m !== 2 || d <= 28 || isLeap(y)));

/** Set by the last successful text parse: the explicit UTC offset in ms, or NaN when naive. */
export let lastOffsetMs = Number.NaN;

const SP = 32;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isBlank = (c: number) => c === SP || c === 9 || c === 13 || c === 10;

/**
 * Reads "<date>[ T<time>][<offset>]". Dates: Y-M-D, Y.M.D, Y/M/D, YYYYMMDD (order YMD); D/M/Y,
 * M/D/Y with '/', '-' or '.' (2-digit years are 20YY). Times: HH:MM[:SS[.fff]] or HHMM[SS].
 * Offsets: Z, UTC, GMT, ±HH, ±HHMM, ±HH:MM.
 */
export function parseTextTime(s: string, order: DateOrder): number {
  if (order === 'YMD') {
    const fast = fastIso(s);
    if (fast === fast) return fast;
  }
  return parseTextTimeSlow(s, order);
}

let cachedYmd = -1;
let cachedDayMs = 0;

/**
 * Wall-clock ms of fixed-position ISO fields (negative fields mean "not digits"), or NaN when out
 * of range. Consecutive rows share a day, so the day's count is cached. Used by fastIso here and by
 * the byte-level reader (fastpath.ts isoAt), so both read a timestamp identically.
 */
export function wallClockMs(y: number, m: number, d: number, h: number, mi: number, sec: number): number {
  if (y < 0 || m < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return Number.NaN;
  const ymd = y * 10000 + m * 100 + d;
  if (ymd !== cachedYmd) {
    if (!validDate(y, m, d)) return Number.NaN;
    cachedYmd = ymd;
    cachedDayMs = daysFromCivil(y, m, d) * 86_400_000;
  }
  return cachedDayMs + h * 3_600_000 + mi * 60_000 + sec * 1000;
}

const d2 = (s: string, i: number) => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1000;
};

/**
 * The common layouts at fixed positions: "YYYY-MM-DD HH:MM[:SS][Z]" (or T). NaN means "not this
 * layout" (the general scanner then decides); consecutive rows share a day, so the day is cached.
 */
function fastIso(s: string): number {
  const n = s.length;
  if (n < 16 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58) return Number.NaN;
  const sep = s.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return Number.NaN;
  let end = 16;
  let sec = 0;
  if (n >= 19 && s.charCodeAt(16) === 58) {
    sec = d2(s, 17);
    end = 19;
  }
  let offset = Number.NaN;
  if (n === end + 1 && s.charCodeAt(end) === 90) offset = 0;
  else if (n !== end) return Number.NaN;
  const y = d2(s, 0) * 100 + d2(s, 2);
  const m = d2(s, 5);
  const d = d2(s, 8);
  const h = d2(s, 11);
  const mi = d2(s, 14);
  const ms = wallClockMs(y, m, d, h, mi, sec);
  if (ms === ms) lastOffsetMs = offset;
  return ms;
}

function parseTextTimeSlow(s: string, order: DateOrder): number {
  const n = s.length;
  let i = 0;
  while (i < n && isBlank(s.charCodeAt(i))) i++;
  // first number
  let a = 0;
  let na = 0;
  while (i < n && isDigit(s.charCodeAt(i))) {
    a = a * 10 + s.charCodeAt(i) - 48;
    i++;
    na++;
  }
  let y: number;
  let m: number;
  let d: number;
  if (na === 8 && order === 'YMD') {
    y = Math.floor(a / 10000);
    m = Math.floor(a / 100) % 100;
    d = a % 100;
  } else {
    if (na === 0 || na > 4 || i >= n) return Number.NaN;
    const sep = s.charCodeAt(i);
    if (sep !== 45 && sep !== 46 && sep !== 47) return Number.NaN; // - . /
    i++;
    let b = 0;
    let nb = 0;
    while (i < n && isDigit(s.charCodeAt(i))) {
      b = b * 10 + s.charCodeAt(i) - 48;
      i++;
      nb++;
    }
    if (nb === 0 || nb > 2 || i >= n || s.charCodeAt(i) !== sep) return Number.NaN;
    i++;
    let c = 0;
    let nc = 0;
    while (i < n && isDigit(s.charCodeAt(i))) {
      c = c * 10 + s.charCodeAt(i) - 48;
      i++;
      nc++;
    }
    if (nc === 0 || nc > 4) return Number.NaN;
    if (order === 'YMD') {
      if (na !== 4 || nc > 2) return Number.NaN;
      y = a;
      m = b;
      d = c;
    } else {
      if (na > 2 || (nc !== 4 && nc !== 2)) return Number.NaN;
      y = nc === 2 ? 2000 + c : c;
      if (order === 'DMY') {
        d = a;
        m = b;
      } else {
        m = a;
        d = b;
      }
    }
  }
  if (!validDate(y, m, d)) return Number.NaN;
  let ms = daysFromCivil(y, m, d) * 86_400_000;
  lastOffsetMs = Number.NaN;
  // separator between date and time
  const afterDate = i;
  if (i < n && (s.charCodeAt(i) === 84 || s.charCodeAt(i) === 116)) i++; // T
  else while (i < n && s.charCodeAt(i) === SP) i++;
  if (i < n && isDigit(s.charCodeAt(i))) {
    const t = parseTimeOfDayAt(s, i);
    if (Number.isNaN(t)) return Number.NaN;
    ms += t;
    i = scanEnd;
  } else {
    i = afterDate;
  }
  return finishOffset(s, i, ms);
}

let scanEnd = 0;

/** HH:MM[:SS[.fff]] or HHMM[SS] starting at i; ms since midnight or NaN; sets scanEnd. */
function parseTimeOfDayAt(s: string, start: number): number {
  const n = s.length;
  let i = start;
  let h = 0;
  let nh = 0;
  while (i < n && isDigit(s.charCodeAt(i))) {
    h = h * 10 + s.charCodeAt(i) - 48;
    i++;
    nh++;
  }
  let mi = 0;
  let sec = 0;
  let frac = 0;
  if (nh === 4 || nh === 6) {
    // compact HHMM or HHMMSS
    const v = h;
    if (nh === 6) {
      h = Math.floor(v / 10000);
      mi = Math.floor(v / 100) % 100;
      sec = v % 100;
    } else {
      h = Math.floor(v / 100);
      mi = v % 100;
    }
  } else {
    if (nh === 0 || nh > 2 || i >= n || s.charCodeAt(i) !== 58) return Number.NaN;
    i++;
    let nm = 0;
    while (i < n && isDigit(s.charCodeAt(i))) {
      mi = mi * 10 + s.charCodeAt(i) - 48;
      i++;
      nm++;
    }
    if (nm !== 2) return Number.NaN;
    if (i < n && s.charCodeAt(i) === 58) {
      i++;
      let ns = 0;
      while (i < n && isDigit(s.charCodeAt(i))) {
        sec = sec * 10 + s.charCodeAt(i) - 48;
        i++;
        ns++;
      }
      if (ns !== 2) return Number.NaN;
      if (i < n && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
        i++;
        let scale = 100;
        let nf = 0;
        while (i < n && isDigit(s.charCodeAt(i))) {
          frac += (s.charCodeAt(i) - 48) * scale;
          scale /= 10;
          i++;
          nf++;
        }
        if (nf === 0) return Number.NaN;
        frac = Math.round(frac);
      }
    }
  }
  if (h > 23 || mi > 59 || sec > 59) return Number.NaN;
  scanEnd = i;
  return h * 3_600_000 + mi * 60_000 + sec * 1000 + frac;
}

function finishOffset(s: string, start: number, ms: number): number {
  const n = s.length;
  let i = start;
  while (i < n && s.charCodeAt(i) === SP) i++;
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c === 90 || c === 122) {
      lastOffsetMs = 0; // Z
      i++;
    } else if (c === 43 || c === 45) {
      const sign = c === 43 ? 1 : -1;
      i++;
      let v = 0;
      let nv = 0;
      while (i < n && (isDigit(s.charCodeAt(i)) || (s.charCodeAt(i) === 58 && nv === 2))) {
        const d = s.charCodeAt(i);
        if (d !== 58) {
          v = v * 10 + d - 48;
          nv++;
        }
        i++;
      }
      if (nv === 2) lastOffsetMs = sign * v * 3_600_000;
      else if (nv === 4) {
        const mins = v % 100;
        if (mins > 59) return Number.NaN;
        lastOffsetMs = sign * (Math.floor(v / 100) * 3_600_000 + mins * 60_000);
      } else return Number.NaN;
    } else if (s.startsWith('UTC', i) || s.startsWith('GMT', i)) {
      lastOffsetMs = 0;
      i += 3;
    }
  }
  while (i < n && isBlank(s.charCodeAt(i))) i++;
  return i === n ? ms : Number.NaN;
}

/** A separate time-of-day column (MetaTrader's <TIME>): ms since midnight or NaN. */
export function parseTimeOfDay(s: string): number {
  let i = 0;
  const n = s.length;
  while (i < n && isBlank(s.charCodeAt(i))) i++;
  const t = parseTimeOfDayAt(s, i);
  if (Number.isNaN(t)) return t;
  i = scanEnd;
  while (i < n && isBlank(s.charCodeAt(i))) i++;
  return i === n ? t : Number.NaN;
}

/** "1704067200000" → 1704067200000 for unit 'ms'; NaN for anything that is not a plain number. */
export function parseEpoch(s: string, unit: EpochUnit): number {
  const v = strictNumber(s);
  if (unit === 'ms') return v;
  return unit === 's' ? v * 1000 : Math.round(v * EPOCH_SCALE[unit]);
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Number() without its traps ('' and blanks are NaN, not 0). Plain decimals of at most 15 digits
 * take a fast path: integer mantissa / 10^k is one correctly rounded IEEE division of two exact
 * values, so the result is bit-identical to Number(s) (Clinger's fast path). Anything else
 * (exponents, long mantissas, blanks, signs, junk) goes through Number().
 */
export function strictNumber(s: string): number {
  const n = s.length;
  let i = 0;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let c = n > 0 ? s.charCodeAt(0) : 0;
  while (c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = ++i < n ? s.charCodeAt(i) : 0;
  }
  if (c === 46 && digits > 0) {
    c = ++i < n ? s.charCodeAt(i) : 0;
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      scale++;
      c = ++i < n ? s.charCodeAt(i) : 0;
    }
  }
  if (i === n && digits > 0 && digits <= 15 && (scale > 0 || s.charCodeAt(n - 1) !== 46)) {
    return scale === 0 ? mantissa : mantissa / POW10[scale];
  }
  const v = +s;
  if (v === 0 && s.trim() === '') return Number.NaN;
  // Number() also reads 0x1F, 0b101 and 0o17: not decimal numbers, so not prices.
  if (v === v && /[xXbBoO]/.test(s)) return Number.NaN;
  return v;
}
