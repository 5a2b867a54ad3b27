import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LossyvisionError, quote } from '../../errors.js';

/** One `<object>` of a Pascal VOC annotation; the box is VOC's own 1-based inclusive pixels. */
export interface VocObject {
  name: string;
  bbox: [number, number, number, number];
  difficult: boolean;
  truncated: boolean;
}

export interface VocAnnotation {
  filename: string;
  width: number;
  height: number;
  objects: VocObject[];
}

/** VOC annotations are 4 levels deep; deeper files are refused by the parser, not followed. */
const MAX_XML_DEPTH = 100;

// Tag values stay strings: "000005" must remain a file stem, not become the number 5.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'object',
  maxNestedTags: MAX_XML_DEPTH,
});

function invalid(file: string, entry: string | undefined, message: string): LossyvisionError {
  return new LossyvisionError('INVALID_FILE', message, { file, entry });
}

function lineOf(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** A decimal number as VOC writes them ("48", "273.5"); hex, exponents and the like are not VOC. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function number(value: unknown, field: string, file: string, entry?: string): number {
  const raw = text(value);
  const n = raw === undefined || !DECIMAL.test(raw) ? NaN : Number(raw);
  if (!Number.isFinite(n)) {
    throw invalid(file, entry, `Expected a decimal number in <${field}> but received ${raw === undefined ? 'nothing' : `"${quote(raw)}"`}`);
  }
  return n;
}

/** Image sizes: whole pixels, not negative. */
function sizeOf(value: unknown, field: string, file: string): number {
  const n = number(value, field, file, 'size');
  if (!Number.isInteger(n) || n < 0) throw invalid(file, 'size', `Expected a whole number of pixels ≥ 0 in <${field}> but received "${quote(text(value) ?? '')}"`);
  return n;
}

/** VOC writes flags as 0/1; absent means 0, as in the devkit. */
function flag(value: unknown, field: string, file: string, entry: string): boolean {
  const raw = text(value);
  if (raw === undefined || raw === '') return false;
  if (raw === '0' || raw === '1') return raw === '1';
  throw invalid(file, entry, `Expected 0 or 1 in <${field}> but received "${quote(raw)}"`);
}

/**
 * Parses one Pascal VOC annotation XML (`Annotations/<id>.xml`). `file` names it in errors,
 * which also name the object (`object[2] (dog)`) and the field at fault.
 */
export function parseVocAnnotation(xmlText: string, file: string): VocAnnotation {
  // No DTD, so no entity of any kind (external: XXE, a file read; internal: "billion laughs")
  // can be declared: nothing is ever resolved or expanded beyond XML's five built-in ones.
  const doctype = /<!(DOCTYPE|ENTITY)/i.exec(xmlText);
  if (doctype) {
    throw invalid(file, `line ${lineOf(xmlText, doctype.index)}`, `Expected no <!${doctype[1].toUpperCase()}> declaration (VOC annotations have none; DTDs and entities are never read)`);
  }
  const valid = XMLValidator.validate(xmlText);
  if (valid !== true) {
    throw invalid(file, `line ${valid.err.line}, column ${valid.err.col}`, `Expected well-formed XML: ${valid.err.msg}`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xmlText) as Record<string, unknown>;
  } catch (error) {
    const message = (error as Error).message;
    throw invalid(file, undefined, /nested tags/i.test(message) ? `Expected XML nested at most ${MAX_XML_DEPTH} levels deep` : `Expected a VOC annotation: ${message}`);
  }
  const root = doc.annotation;
  if (typeof root !== 'object' || root === null) throw invalid(file, undefined, 'Expected an <annotation> root element');
  const annotation = root as Record<string, unknown>;
  const filename = text(annotation.filename) ?? '';
  const dims = annotation.size as Record<string, unknown> | undefined;
  if (typeof dims !== 'object' || dims === null) throw invalid(file, 'size', 'Expected <size> with <width> and <height>');
  const width = sizeOf(dims.width, 'width', file);
  const height = sizeOf(dims.height, 'height', file);
  const objects = ((annotation.object as unknown[] | undefined) ?? []).map((raw, i): VocObject => {
    const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const name = text(o.name);
    const entry = `object[${i}]${name ? ` (${name})` : ''}`;
    if (!name) throw invalid(file, entry, 'Expected a non-empty <name>');
    const box = o.bndbox as Record<string, unknown> | undefined;
    if (typeof box !== 'object' || box === null) throw invalid(file, entry, 'Expected <bndbox> with xmin, ymin, xmax, ymax');
    const bbox: [number, number, number, number] = [
      number(box.xmin, 'xmin', file, entry),
      number(box.ymin, 'ymin', file, entry),
      number(box.xmax, 'xmax', file, entry),
      number(box.ymax, 'ymax', file, entry),
    ];
    if (bbox[2] < bbox[0] || bbox[3] < bbox[1]) {
      throw invalid(file, entry, `Expected xmax ≥ xmin and ymax ≥ ymin but received [${bbox.join(', ')}]`);
    }
    return { name, bbox, difficult: flag(o.difficult, 'difficult', file, entry), truncated: flag(o.truncated, 'truncated', file, entry) };
  });
  return { filename, width, height, objects };
}
