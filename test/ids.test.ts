import { describe, expect, it } from 'vitest';
import { compareIds } from '../src/model/ids.js';

describe('compareIds', () => {
  it('orders digit runs as numbers, keeping ids as written', () => {
    const ids = ['1.2.10', '1.10', '1.1.37b', '1.1', '1.2.9', '1.1.37a', '1.1.37', '4.2.1', '10.1'];
    expect([...ids].sort(compareIds)).toEqual([
      '1.1',
      '1.1.37',
      '1.1.37a',
      '1.1.37b',
      '1.2.9',
      '1.2.10',
      '1.10',
      '4.2.1',
      '10.1',
    ]);
  });
  it('does not treat 1.10 and 1.1 as equal', () => {
    expect(compareIds('1.10', '1.1')).toBeGreaterThan(0);
  });
});
