/** What compression measured for one sample in one cell; undefined/null for pristine. */
export interface Measures {
  readonly bpp?: number | null;
  /** null when the decoded image equals the pristine one (lossless: PSNR is infinite); undefined when not measured (`--fidelity none`). */
  readonly psnr?: number | null;
  /** null/NaN for images smaller than the SSIM window; undefined when not measured (`--fidelity psnr|none`). */
  readonly ssim?: number | null;
}

/**
 * The running sums behind a cell's mean bpp, PSNR and SSIM, over the samples whose compression
 * was measured: one definition for image, video-frame and action sweeps.
 */
export class MeasureSums {
  private measured = 0;
  private bpp = 0;
  /** Finite PSNRs; lossless samples (PSNR ∞) are counted apart, not summed. */
  private psnr = 0;
  private psnrCount = 0;
  private lossless = 0;
  /** Samples whose PSNR, and whose SSIM, were measured at all (the sweep's fidelity may skip them). */
  private psnrMeasured = 0;
  private ssimMeasured = 0;
  /** SSIMs that exist (images smaller than the 11×11 window have none). */
  private ssim = 0;
  private ssimCount = 0;

  add(m: Measures): void {
    if (m.bpp === undefined || m.bpp === null) return;
    this.measured++;
    this.bpp += m.bpp;
    if (m.psnr !== undefined) this.psnrMeasured++;
    if (m.psnr === null || m.psnr === Infinity) this.lossless++;
    else if (m.psnr !== undefined) {
      this.psnr += m.psnr;
      this.psnrCount++;
    }
    if (m.ssim !== undefined) this.ssimMeasured++;
    if (typeof m.ssim === 'number' && Number.isFinite(m.ssim)) {
      this.ssim += m.ssim;
      this.ssimCount++;
    }
  }

  /**
   * Means over the measured samples; null when none was (pristine, every sample failed, or the
   * measure was not asked for).
   * Mean PSNR is over the samples that changed, with the lossless ones counted beside it, and
   * Infinity only when every sample was lossless; mean SSIM is over the samples that have one.
   */
  means(): { meanBpp: number | null; meanPsnr: number | null; meanSsim: number | null; lossless: number; noSsim: number } {
    return {
      meanBpp: this.measured > 0 ? this.bpp / this.measured : null,
      meanPsnr: this.psnrMeasured === 0 ? null : this.psnrCount === 0 ? Infinity : this.psnr / this.psnrCount,
      meanSsim: this.ssimCount > 0 ? this.ssim / this.ssimCount : null,
      lossless: this.lossless,
      noSsim: this.ssimMeasured - this.ssimCount,
    };
  }
}
