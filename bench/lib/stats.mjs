/** Medians, and formatting helpers for the report. */

/**
 * @param {number[]} values
 * @returns {number} NaN for an empty list
 */
export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/**
 * @param {number} value
 * @param {number} [digits]
 */
export function fixed(value, digits = 2) {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** @param {number} value */
export function thousands(value) {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';
}
