/**
 * Ray casting for the generated depth scenes (rendered-scenes.ts): a pinhole camera and the
 * closed-form intersection of a ray with each kind of surface. A pixel's ray goes through its
 * centre; the nearest hit gives both its depth and the surface point whose texture colours it,
 * so the depth map is exact ground truth for the image, not an estimate.
 *
 * World: y up, the ground is the plane y = 0, the camera looks along +z (tilted down by its pitch).
 */

/** A pinhole camera at (0, height, 0) looking along +z, pitched down by `pitch` radians. */
export interface Camera {
  readonly width: number;
  readonly height: number;
  /** Focal length in pixels (both axes). */
  readonly focal: number;
  /** Height of the optical centre above the ground, metres. */
  readonly elevation: number;
  /** Downward tilt of the optical axis, radians. */
  readonly pitch: number;
}

/** The fronto-parallel back wall, the plane z = distance. */
export interface Wall { readonly kind: 'wall'; readonly distance: number }
/** The ground, the plane y = 0. */
export interface Ground { readonly kind: 'ground' }
/** A box standing on the ground: centre (x, z) of its footprint, half extents, turned by `yaw` about the vertical. */
export interface Box { readonly kind: 'box'; readonly x: number; readonly z: number; readonly halfWidth: number; readonly halfDepth: number; readonly height: number; readonly yaw: number }
/** A ball resting on the ground at (x, z). */
export interface Ball { readonly kind: 'ball'; readonly x: number; readonly z: number; readonly radius: number }

export type Surface = Wall | Ground | Box | Ball;

/** Where a ray meets a surface: the ray parameter, the point's 2-D texture coordinates in metres, and the unit normal. */
export interface Hit {
  t: number;
  u: number;
  v: number;
  nx: number;
  ny: number;
  nz: number;
}

/** A ray from the camera centre, in world coordinates. Its camera-frame z component is 1, so the parameter t of a hit is that point's depth along the optical axis (z-depth, what depth maps store). */
export interface Ray {
  readonly ox: number;
  readonly oy: number;
  readonly oz: number;
  readonly dx: number;
  readonly dy: number;
  readonly dz: number;
}

/** The ray through the centre of pixel (px, py). */
export function pixelRay(camera: Camera, px: number, py: number): Ray {
  const cx = (px + 0.5 - camera.width / 2) / camera.focal;
  const cy = -(py + 0.5 - camera.height / 2) / camera.focal;
  const cos = Math.cos(camera.pitch);
  const sin = Math.sin(camera.pitch);
  // Rotation about the x axis: the optical axis (0, 0, 1) becomes (0, −sin, cos).
  return { ox: 0, oy: camera.elevation, oz: 0, dx: cx, dy: cy * cos - sin, dz: cy * sin + cos };
}

const EPSILON = 1e-9;

function hitPlane(ray: Ray, surface: Wall | Ground): Hit | undefined {
  if (surface.kind === 'ground') {
    if (ray.dy > -EPSILON) return undefined;
    const t = -ray.oy / ray.dy;
    return { t, u: ray.ox + t * ray.dx, v: ray.oz + t * ray.dz, nx: 0, ny: 1, nz: 0 };
  }
  if (ray.dz < EPSILON) return undefined;
  const t = (surface.distance - ray.oz) / ray.dz;
  return { t, u: ray.ox + t * ray.dx, v: ray.oy + t * ray.dy, nx: 0, ny: 0, nz: -1 };
}

/** Slab test in the box's own frame; texture coordinates are the two in-face axes of the face hit. */
function hitBox(ray: Ray, box: Box): Hit | undefined {
  const cos = Math.cos(box.yaw);
  const sin = Math.sin(box.yaw);
  // World → box frame (rotation about y by −yaw, origin at the footprint's centre on the ground).
  const toLocal = (x: number, z: number): [number, number] => [cos * x - sin * z, sin * x + cos * z];
  const [ox, oz] = toLocal(ray.ox - box.x, ray.oz - box.z);
  const [dx, dz] = toLocal(ray.dx, ray.dz);
  const o = [ox, ray.oy - box.height / 2, oz];
  const d = [dx, ray.dy, dz];
  const half = [box.halfWidth, box.height / 2, box.halfDepth];
  let near = -Infinity;
  let far = Infinity;
  let axis = -1;
  for (let k = 0; k < 3; k++) {
    if (Math.abs(d[k]) < EPSILON) {
      if (Math.abs(o[k]) > half[k]) return undefined;
      continue;
    }
    const t1 = (-half[k] - o[k]) / d[k];
    const t2 = (half[k] - o[k]) / d[k];
    const lo = Math.min(t1, t2);
    if (lo > near) {
      near = lo;
      axis = k;
    }
    far = Math.min(far, Math.max(t1, t2));
  }
  if (axis < 0 || near > far || near <= EPSILON) return undefined;
  const p = [o[0] + near * d[0], o[1] + near * d[1], o[2] + near * d[2]];
  const n = [0, 0, 0];
  n[axis] = d[axis] > 0 ? -1 : 1;
  const [a, b] = axis === 0 ? [2, 1] : axis === 1 ? [0, 2] : [0, 1];
  // Box frame → world for the normal (rotation about y by +yaw).
  return { t: near, u: p[a] + half[a], v: p[b] + half[b], nx: cos * n[0] + sin * n[2], ny: n[1], nz: -sin * n[0] + cos * n[2] };
}

/** Nearest root of |o + t·d − c|² = r²; texture coordinates are arc lengths of longitude and latitude. */
function hitBall(ray: Ray, ball: Ball): Hit | undefined {
  const r = ball.radius;
  const ox = ray.ox - ball.x;
  const oy = ray.oy - r;
  const oz = ray.oz - ball.z;
  const a = ray.dx * ray.dx + ray.dy * ray.dy + ray.dz * ray.dz;
  const b = ox * ray.dx + oy * ray.dy + oz * ray.dz;
  const c = ox * ox + oy * oy + oz * oz - r * r;
  const disc = b * b - a * c;
  if (disc < 0) return undefined;
  const t = (-b - Math.sqrt(disc)) / a;
  if (t <= EPSILON) return undefined;
  const nx = (ox + t * ray.dx) / r;
  const ny = (oy + t * ray.dy) / r;
  const nz = (oz + t * ray.dz) / r;
  return { t, u: r * (Math.atan2(nx, -nz) + Math.PI), v: r * Math.acos(Math.max(-1, Math.min(1, ny))), nx, ny, nz };
}

/** The ray's hit with one surface in front of the camera, if any. */
export function intersect(ray: Ray, surface: Surface): Hit | undefined {
  switch (surface.kind) {
    case 'ground':
    case 'wall':
      return hitPlane(ray, surface);
    case 'box':
      return hitBox(ray, surface);
    case 'ball':
      return hitBall(ray, surface);
  }
}
