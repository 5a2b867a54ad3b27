import { unknownId } from '../../errors.js';
import { VOC_AP, type VocProtocol } from './voc-ap.js';
import { requiredPath, type EvalFlags, type EvalOutput } from '../eval-output.js';

/** `eval --task detection --protocol voc07|voc12 --gt VOC_ROOT|GT.json --pred RESULTS.json [--split test]`. */
export async function evalVoc(flags: EvalFlags): Promise<EvalOutput> {
  const protocol = flags.protocol ?? 'voc12';
  if (!VOC_AP.has(protocol as VocProtocol)) throw unknownId('protocol', protocol, VOC_AP.keys());
  // Loaded on use: the XML parser behind it costs every other command its start-up.
  const { evaluateVocFiles } = await import('./voc-evaluate-files.js');
  const { images, ...metrics } = await evaluateVocFiles({
    protocol: protocol as VocProtocol,
    groundTruth: requiredPath(flags.gt, '--gt'),
    predictions: requiredPath(flags.pred, '--pred'),
    ...(flags.split === undefined ? {} : { split: flags.split }),
  });
  return { task: 'detection', protocol, metrics: { ...metrics, images } };
}
