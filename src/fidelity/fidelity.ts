import type { RgbImage } from '../media/image.js';
import { psnr } from './psnr.js';
import { ssimOrNaN } from './ssim.js';

/**
 * Which fidelity measures an encode computes: PSNR and SSIM ("full", the default), PSNR only,
 * or neither. SSIM costs about as much as the encode itself, so sweeps that do not report it
 * can skip it; a measure not computed is NaN in an EncodeResult and absent from a cache record.
 */
export type Fidelity = 'full' | 'psnr' | 'none';
export const FIDELITIES: readonly Fidelity[] = ['full', 'psnr', 'none'];

export const measuresPsnr = (fidelity: Fidelity): boolean => fidelity !== 'none';
export const measuresSsim = (fidelity: Fidelity): boolean => fidelity === 'full';

/** PSNR and SSIM of `decoded` against `reference`, each NaN when `fidelity` leaves it out. */
export function fidelityOf(reference: RgbImage, decoded: RgbImage, fidelity: Fidelity = 'full'): { psnr: number; ssim: number } {
  return {
    psnr: measuresPsnr(fidelity) ? psnr(reference, decoded) : NaN,
    // Images smaller than the SSIM window get PSNR only (SSIM NaN, stored as null).
    ssim: measuresSsim(fidelity) ? ssimOrNaN(reference, decoded) : NaN,
  };
}
