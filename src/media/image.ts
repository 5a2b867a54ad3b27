/**
 * A decoded image: 8-bit RGB, interleaved, row-major, no padding. Every codec, model and
 * metric in lossyvision speaks this one pixel format; alpha is flattened away on decode.
 */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** width × height × 3 bytes. */
  readonly data: Uint8Array;
}
