import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseVocAnnotation } from '../../../src/datasets/voc/annotations.js';
import { LossyvisionError } from '../../../src/errors.js';
import { fixture } from '../helpers.js';

const xml = (objects: string, size = '<size><width>500</width><height>375</height><depth>3</depth></size>') =>
  `<annotation><filename>000005.jpg</filename>${size}${objects}</annotation>`;

describe('parseVocAnnotation', () => {
  it('reads filename, size and objects with difficult and truncated flags', () => {
    const file = fixture('voc/Annotations/000002.xml');
    expect(parseVocAnnotation(readFileSync(file, 'utf8'), file)).toEqual({
      filename: '000002.jpg',
      width: 64,
      height: 43,
      objects: [
        { name: 'cat', bbox: [3, 4, 58, 42], difficult: false, truncated: false },
        { name: 'chair', bbox: [50, 30, 64, 43], difficult: true, truncated: false },
      ],
    });
  });

  it('keeps numeric-looking text as text and accepts fractional boxes', () => {
    const a = parseVocAnnotation(xml('<object><name>7</name><bndbox><xmin>1.5</xmin><ymin>2</ymin><xmax>3.25</xmax><ymax>4</ymax></bndbox></object>').replace('000005.jpg', '000005'), 'a.xml');
    expect(a.filename).toBe('000005');
    expect(a.objects[0]).toEqual({ name: '7', bbox: [1.5, 2, 3.25, 4], difficult: false, truncated: false });
  });

  it('reads a single object and an annotation with none', () => {
    expect(parseVocAnnotation(xml(''), 'a.xml').objects).toEqual([]);
  });

  it('names the file, the object and the field when a box is bad', () => {
    const bad = xml('<object><name>dog</name></object><object><name>cat</name><bndbox><xmin>9</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>');
    expect(() => parseVocAnnotation(bad, 'Annotations/x.xml')).toThrow('Annotations/x.xml: object[0] (dog): Expected <bndbox> with xmin, ymin, xmax, ymax');
    const reversed = xml('<object><name>cat</name><bndbox><xmin>9</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>');
    expect(() => parseVocAnnotation(reversed, 'x.xml')).toThrow('x.xml: object[0] (cat): Expected xmax ≥ xmin and ymax ≥ ymin but received [9, 2, 3, 4]');
    const nan = xml('<object><name>cat</name><bndbox><xmin>a</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>');
    expect(() => parseVocAnnotation(nan, 'x.xml')).toThrow('x.xml: object[0] (cat): Expected a decimal number in <xmin> but received "a"');
    const flag = xml('<object><name>cat</name><difficult>yes</difficult><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>');
    expect(() => parseVocAnnotation(flag, 'x.xml')).toThrow('Expected 0 or 1 in <difficult> but received "yes"');
  });

  it('refuses malformed XML and a missing size with LossyvisionError', () => {
    let error: unknown;
    try {
      parseVocAnnotation('<annotation><filename>a</annotation>', 'broken.xml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LossyvisionError);
    expect((error as LossyvisionError).code).toBe('INVALID_FILE');
    expect((error as LossyvisionError).message).toMatch(/^broken\.xml: line 1, column \d+: Expected well-formed XML/);
    expect(() => parseVocAnnotation(xml('', ''), 's.xml')).toThrow('s.xml: size: Expected <size> with <width> and <height>');
    expect(() => parseVocAnnotation('<other/>', 'o.xml')).toThrow('o.xml: Expected an <annotation> root element');
  });
});

describe('parseVocAnnotation on hostile XML', () => {
  it('refuses any DTD, so no entity is ever resolved, and deep nesting, naming the file', () => {
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE annotation [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n<annotation><filename>&x;</filename></annotation>';
    expect(() => parseVocAnnotation(xxe, 'e.xml')).toThrow('e.xml: line 2: Expected no <!DOCTYPE> declaration (VOC annotations have none; DTDs and entities are never read)');
    const deep = `<annotation>${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}</annotation>`;
    expect(() => parseVocAnnotation(deep, 'd.xml')).toThrow('d.xml: Expected XML nested at most 100 levels deep');
  });
});
