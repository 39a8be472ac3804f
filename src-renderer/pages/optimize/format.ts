/** A count as people write it: 59,501 (formatNumber gives every number two decimals). */
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

/** A percent with at most one decimal: 20%, 37.5%. */
export const formatShare = (pct: number): string => `${Number(pct.toFixed(1)).toLocaleString('en-US')}%`;
