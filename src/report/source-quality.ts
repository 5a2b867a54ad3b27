import { settingCodec } from '../codecs/levels.js';
import type { SourceAudit } from '../inspect/source-audit.js';
import type { LoadedResults } from './load.js';

/** What the report says about the sources' own compression, per run that recorded an audit. */
export interface SourceQuality {
  readonly runId: string;
  readonly audit: SourceAudit;
  /** Median IJG quality of the sampled JPEG sources; null when none is JPEG. */
  readonly jpegQuality: number | null;
  /** JPEG levels the run tested above the sources' own quality: these measure double compression. */
  readonly levelsAboveSource: readonly number[];
  /** Sentences for the report. */
  readonly warnings: readonly string[];
}

/** Codecs whose level is IJG quality (any chroma setting), so it compares with a source's estimated quality. */
const IJG_SCALE_CODECS = new Set(['jpeg']);

/**
 * Reads each run's source audit (provenance.source) and warns when the sources are already
 * lossy, and when a tested JPEG quality lies above the sources' own: re-encoding a quality-75
 * source at 95 tests nothing but double compression.
 */
export function sourceQuality(results: LoadedResults): SourceQuality[] {
  const out: SourceQuality[] = [];
  for (const run of results.runs) {
    const audit = run.provenance.source;
    if (!audit?.summary) continue;
    const s = audit.summary;
    const jpegQuality = s.jpegQuality?.median ?? null;
    const levels = [...new Set(results.cells.filter((c) => c.runId === run.id && IJG_SCALE_CODECS.has(settingCodec(c.codec)) && c.level !== null).map((c) => c.level as number))].sort((a, b) => b - a);
    const above = jpegQuality === null ? [] : levels.filter((l) => l > jpegQuality);
    const warnings: string[] = [];
    if (s.lossy > 0) {
      const q = s.jpegQuality;
      const ijg = q && q.exact < q.files ? 'nearest IJG quality' : 'IJG quality';
      const quality = !q ? '' : q.min === q.max ? ` (JPEG at ${ijg} ${q.min})` : ` (JPEG at ${ijg} ${q.min}–${q.max}, median ${q.median})`;
      warnings.push(`${s.lossy} of ${audit.inspected} sampled source files (of ${audit.files}) are already lossy${quality}: "pristine" here means already compressed once.`);
    }
    if (above.length > 0) {
      warnings.push(`jpeg ${above.join(', ')} ${above.length === 1 ? 'is' : 'are'} above the sources' own quality (median ${jpegQuality}): compressing there tests double compression, not the quality level.`);
    }
    out.push({ runId: run.id, audit, jpegQuality, levelsAboveSource: above, warnings });
  }
  return out;
}
