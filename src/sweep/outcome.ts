/** What processing one sample produced for one cell; plain data, so it crosses worker boundaries. */
export interface CellOutcome {
  readonly cell: number;
  /** Absent when the cell failed for this sample. */
  readonly prediction?: unknown;
  /** Compression measurements; absent for the pristine condition. */
  readonly bytes?: number;
  readonly bpp?: number;
  /** null when the decoded image equals the pristine one (infinite PSNR). */
  readonly psnr?: number | null;
  /** null (NaN before JSON) for images smaller than the SSIM window. */
  readonly ssim?: number | null;
  readonly failure?: string;
}

/** Where a sample's time went, for `npm run bench`. */
export interface StageTimings {
  decodeMs: number;
  encodeMs: number;
  inferenceMs: number;
  cacheMs: number;
}

export interface SampleOutcome {
  /** Position in the sweep's sample order. */
  readonly position: number;
  readonly sampleId: string;
  /** The COCO-style image id reference ground truth gets; position + 1 when absent (video frames: frame-id.ts). */
  readonly imageId?: number;
  /** sha256 of the source file, for the dataset's content hash in the provenance. */
  readonly sourceSha256?: string;
  readonly width?: number;
  readonly height?: number;
  /** Set when the sample itself could not be read or decoded; every cell then fails. */
  readonly failure?: string;
  readonly cells: CellOutcome[];
  readonly timings: StageTimings;
  /** Work actually done (not served by the cache), to show that warm runs repeat nothing. */
  readonly computed: { encodes: number; predictions: number };
  /** Damaged cache entries found (deleted and computed again) while processing it. */
  readonly repaired?: number;
}

export function emptyTimings(): StageTimings {
  return { decodeMs: 0, encodeMs: 0, inferenceMs: 0, cacheMs: 0 };
}

export function addTimings(into: StageTimings, from: StageTimings): void {
  into.decodeMs += from.decodeMs;
  into.encodeMs += from.encodeMs;
  into.inferenceMs += from.inferenceMs;
  into.cacheMs += from.cacheMs;
}

export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
