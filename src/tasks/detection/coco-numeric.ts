/**
 * The few numpy behaviours COCOeval's numbers depend on, reproduced bit for bit so results agree
 * with pycocotools to the last digit rather than to a tolerance.
 */

/** `np.linspace(start, stop, num)`: k·step + start, last element forced to `stop` (not k/(num−1)). */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const step = (stop - start) / (num - 1);
  for (let k = 0; k < num; k++) out[k] = k * step + start;
  if (num > 1) out[num - 1] = stop;
  return out;
}

/** numpy's pairwise summation of one contiguous block (`pairwise_sum_DOUBLE`). */
function pairwiseSum(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= 128) {
    // Eight running sums in locals, not an array: no allocation per call (OKS sums 17 values per pair).
    let r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3];
    let r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const at = start + i;
      r0 += a[at];
      r1 += a[at + 1];
      r2 += a[at + 2];
      r3 += a[at + 3];
      r4 += a[at + 4];
      r5 += a[at + 5];
      r6 += a[at + 6];
      r7 += a[at + 7];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** numpy's ufunc buffer size: `np.sum` reduces 8192-element chunks pairwise, then adds them in order. */
const NUMPY_BUFFER_SIZE = 8192;

/** `np.sum(a)` for a 1-D float64 array, in numpy's exact summation order. */
export function numpySum(a: ArrayLike<number>, length = a.length): number {
  let total = 0;
  for (let start = 0; start < length; start += NUMPY_BUFFER_SIZE) {
    total += pairwiseSum(a, start, Math.min(NUMPY_BUFFER_SIZE, length - start));
  }
  return total;
}

/** `np.spacing(1)`: the gap between 1 and the next double (2⁻⁵²). */
export const EPSILON = Number.EPSILON;
