import type { ParamValue } from '../../codecs/params.js';

/**
 * The encoder options for one rate-control mode. A bitrate level is kbit/s and is spelled the
 * same by every encoder (-b:v); CRF and QP spellings differ per encoder and are passed in.
 */
export function rateControlArgs(rc: ParamValue, level: number, spellings: { crf: string[]; qp: string[] }): string[] {
  if (rc === 'qp') return spellings.qp;
  if (rc === 'bitrate') return ['-b:v', `${level}k`];
  return spellings.crf;
}
