/** Tolerance for floating-point noise before rounding up (0.1 × 3 = 0.30000000000000004 must not become 2 units). */
const EPSILON = 1e-9;

/** ⌈x⌉, ignoring floating-point noise just above a whole number. */
export function ceilUnits(x: number): number {
  return Math.ceil(x - EPSILON);
}

/** `x` rounded up to a multiple of `step`. */
export function roundUpTo(x: number, step: number): number {
  return ceilUnits(x / step) * step;
}

/** Rounds a money or size figure to `digits` decimals for display and stable comparisons. */
export function round(x: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(x * factor) / factor;
}
