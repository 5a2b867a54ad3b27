/**
 * Filled 2-D shapes rasterised without anti-aliasing: a pixel belongs to a shape exactly when its
 * centre (x + 0.5, y + 0.5) lies inside. The same membership decides the mask label and which
 * pixels take the shape's texture, so generated masks are exact ground truth, not an estimate.
 */

/** An ellipse with semi-axes rx, ry, rotated by `angle` radians about its centre. */
export interface Ellipse {
  readonly kind: 'ellipse';
  readonly cx: number;
  readonly cy: number;
  readonly rx: number;
  readonly ry: number;
  readonly angle: number;
}

/** A convex polygon, vertices in order (either orientation). */
export interface Polygon {
  readonly kind: 'polygon';
  readonly points: readonly (readonly [number, number])[];
}

export type Shape = Ellipse | Polygon;

function insideEllipse(e: Ellipse, x: number, y: number): boolean {
  const cos = Math.cos(e.angle);
  const sin = Math.sin(e.angle);
  const dx = x - e.cx;
  const dy = y - e.cy;
  const u = (dx * cos + dy * sin) / e.rx;
  const v = (-dx * sin + dy * cos) / e.ry;
  return u * u + v * v <= 1;
}

/** Convex polygon test: the point is on the same side of every edge (edges themselves count as inside). */
function insideConvexPolygon(p: Polygon, x: number, y: number): boolean {
  let sign = 0;
  const n = p.points.length;
  for (let i = 0; i < n; i++) {
    const [ax, ay] = p.points[i];
    const [bx, by] = p.points[(i + 1) % n];
    const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    if (cross === 0) continue;
    const s = cross > 0 ? 1 : -1;
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}

export function inside(shape: Shape, x: number, y: number): boolean {
  return shape.kind === 'ellipse' ? insideEllipse(shape, x, y) : insideConvexPolygon(shape, x, y);
}

/** Row-major 0/1 membership of every pixel of a width × height grid. */
export function rasterise(shape: Shape, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = inside(shape, x + 0.5, y + 0.5) ? 1 : 0;
  }
  return out;
}

/** Area in pixels² (continuous): π·rx·ry, or the shoelace formula. */
export function area(shape: Shape): number {
  if (shape.kind === 'ellipse') return Math.PI * shape.rx * shape.ry;
  let twice = 0;
  const n = shape.points.length;
  for (let i = 0; i < n; i++) {
    const [ax, ay] = shape.points[i];
    const [bx, by] = shape.points[(i + 1) % n];
    twice += ax * by - bx * ay;
  }
  return Math.abs(twice) / 2;
}

/** The rectangle of width w and height h centred at (cx, cy), rotated by `angle`. */
export function rectangle(cx: number, cy: number, w: number, h: number, angle: number): Polygon {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const corners: [number, number][] = [[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]];
  return { kind: 'polygon', points: corners.map(([u, v]) => [cx + u * cos - v * sin, cy + u * sin + v * cos] as [number, number]) };
}

/** The equilateral-ish triangle inscribed in radius r about (cx, cy), rotated by `angle`, vertex radii scaled by `stretch`. */
export function triangle(cx: number, cy: number, r: number, angle: number, stretch: readonly [number, number, number] = [1, 1, 1]): Polygon {
  return {
    kind: 'polygon',
    points: [0, 1, 2].map((k) => {
      const a = angle + (2 * Math.PI * k) / 3;
      return [cx + r * stretch[k] * Math.cos(a), cy + r * stretch[k] * Math.sin(a)] as [number, number];
    }),
  };
}
