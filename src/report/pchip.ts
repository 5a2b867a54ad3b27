/**
 * Piecewise cubic Hermite interpolation with Fritsch–Carlson shape-preserving slopes, the same
 * construction as scipy.interpolate.PchipInterpolator (weighted harmonic mean of neighbouring
 * secants inside, the three-point one-sided formula at the ends, clipped to keep monotonicity),
 * with exact integrals of the cubic pieces.
 */
export interface Pchip {
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** Slopes at the knots. */
  readonly d: readonly number[];
}

const sign = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : 0);

/** x must be strictly increasing, with at least two knots. */
export function pchip(x: readonly number[], y: readonly number[]): Pchip {
  const n = x.length;
  if (n < 2 || y.length !== n) throw new RangeError(`pchip needs at least two knots and as many y as x (got ${n} and ${y.length})`);
  const h: number[] = [];
  const m: number[] = [];
  for (let k = 0; k < n - 1; k++) {
    h.push(x[k + 1] - x[k]);
    if (!(h[k] > 0)) throw new RangeError('pchip needs strictly increasing x');
    m.push((y[k + 1] - y[k]) / h[k]);
  }
  if (n === 2) return { x, y, d: [m[0], m[0]] };
  const d = new Array<number>(n).fill(0);
  for (let k = 1; k < n - 1; k++) {
    if (sign(m[k - 1]) * sign(m[k]) <= 0) continue; // an extremum or a flat piece: slope 0
    const w1 = 2 * h[k] + h[k - 1];
    const w2 = h[k] + 2 * h[k - 1];
    d[k] = (w1 + w2) / (w1 / m[k - 1] + w2 / m[k]);
  }
  d[0] = edgeSlope(h[0], h[1], m[0], m[1]);
  d[n - 1] = edgeSlope(h[n - 2], h[n - 3], m[n - 2], m[n - 3]);
  return { x, y, d };
}

function edgeSlope(h0: number, h1: number, m0: number, m1: number): number {
  const d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
  if (sign(d) !== sign(m0)) return 0;
  if (sign(m0) !== sign(m1) && Math.abs(d) > Math.abs(3 * m0)) return 3 * m0;
  return d;
}

/** Power-basis coefficients of piece k in t = x − x_k: c0 + c1 t + c2 t² + c3 t³. */
function piece(p: Pchip, k: number): [number, number, number, number] {
  const h = p.x[k + 1] - p.x[k];
  const m = (p.y[k + 1] - p.y[k]) / h;
  const d0 = p.d[k];
  const d1 = p.d[k + 1];
  return [p.y[k], d0, (3 * m - 2 * d0 - d1) / h, (d0 + d1 - 2 * m) / (h * h)];
}

function segmentOf(p: Pchip, v: number): number {
  let k = 0;
  while (k < p.x.length - 2 && v > p.x[k + 1]) k++;
  return k;
}

export function evaluatePchip(p: Pchip, v: number): number {
  const k = segmentOf(p, v);
  const [c0, c1, c2, c3] = piece(p, k);
  const t = v - p.x[k];
  return c0 + t * (c1 + t * (c2 + t * c3));
}

/** ∫_a^b of the interpolant, a ≤ b inside [x_0, x_{n−1}], integrating each cubic piece exactly. */
export function integratePchip(p: Pchip, a: number, b: number): number {
  let total = 0;
  for (let k = 0; k < p.x.length - 1; k++) {
    const lo = Math.max(a, p.x[k]);
    const hi = Math.min(b, p.x[k + 1]);
    if (hi <= lo) continue;
    const [c0, c1, c2, c3] = piece(p, k);
    const F = (t: number): number => t * (c0 + t * (c1 / 2 + t * (c2 / 3 + (t * c3) / 4)));
    total += F(hi - p.x[k]) - F(lo - p.x[k]);
  }
  return total;
}
