// io/yaml-lib.ts stands in for the yaml package until something parses: its classes and
// functions must behave as the package's own.
import * as Y from 'yaml';
import { describe, expect, it } from 'vitest';
import { Document, LineCounter, parse, parseDocument, Scalar, stringify, visit } from '../src/io/yaml-lib.js';

describe('the lazily loaded yaml package', () => {
  it('builds the package own objects, with arguments, and answers instanceof', () => {
    const d = new Document({ a: 1 });
    expect(d.toString()).toBe('a: 1\n');
    expect(d).toBeInstanceOf(Y.Document);
    expect(d).toBeInstanceOf(Document);
    expect(new LineCounter()).toBeInstanceOf(Y.LineCounter);
  });

  it('reads static members as the package has them', () => {
    expect(Scalar.PLAIN).toBe('PLAIN');
    expect(Scalar.BLOCK_LITERAL).toBe(Y.Scalar.BLOCK_LITERAL);
    expect(visit.BREAK).toBe(Y.visit.BREAK);
  });

  it('lets a subclass keep its own prototype', () => {
    class Named extends Document {
      name() {
        return 'named';
      }
    }
    const n = new Named({ b: 2 });
    expect(n).toBeInstanceOf(Named);
    expect(n.name()).toBe('named');
    expect(n.toString()).toBe('b: 2\n');
  });

  it('forwards the overloaded functions with every argument', () => {
    expect(parse('a: [1, 2]')).toEqual({ a: [1, 2] });
    expect(parse('a: 1', (_k: unknown, v: unknown) => (typeof v === 'number' ? v + 1 : v))).toEqual({ a: 2 });
    expect(parseDocument('x: y').get('x')).toBe('y');
    expect(stringify({ k: 'v' }, { indent: 4 })).toBe('k: v\n');
    let stopped = 0;
    visit(parseDocument('[1, 2, 3]'), {
      Scalar() {
        stopped++;
        return visit.BREAK;
      },
    });
    expect(stopped).toBe(1);
  });
});
