/** What compression measured for one sample in one cell; undefined/null for pristine. */
export interface Measures {
  readonly bpp?: number | null;
  /** null when the decoded image equals the pristine one (lossless: PSNR is infinite). */
  readonly psnr?: number | null;
  readonly ssim?: number | null;
}

/**
 * The running sums behind a cell's mean bpp, PSNR and SSIM, over the samples whose compression
 * was measured: one definition for image, video-frame and action sweeps.
 */
export class MeasureSums {
  private measured = 0;
  private bpp = 0;
  private psnr = 0;
  private ssim = 0;

  add(m: Measures): void {
    if (m.bpp === undefined || m.bpp === null) return;
    this.measured++;
    this.bpp += m.bpp;
    this.psnr += m.psnr === null || m.psnr === undefined ? Infinity : m.psnr;
    this.ssim += m.ssim ?? NaN;
  }

  /** Means over the measured samples; null when none was (pristine, or every sample failed). Mean PSNR is Infinity when every sample was lossless. */
  means(): { meanBpp: number | null; meanPsnr: number | null; meanSsim: number | null } {
    const mean = (sum: number): number | null => (this.measured > 0 ? sum / this.measured : null);
    return { meanBpp: mean(this.bpp), meanPsnr: mean(this.psnr), meanSsim: mean(this.ssim) };
  }
}
