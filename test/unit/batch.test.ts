import { chunkBatches } from '../../src/lib/batch';

describe('chunkBatches', () => {
  it('makes batches of at most 10 in order', () => {
    const items = Array.from({ length: 25 }, (_, i) => i);
    expect(chunkBatches(items, () => 1, 10, 1000).map((b) => b.length)).toEqual([10, 10, 5]);
    expect(chunkBatches(items, () => 1, 10, 1000).flat()).toEqual(items);
  });

  it('starts a new batch before the byte limit would be passed', () => {
    expect(chunkBatches([400, 400, 300, 900, 100, 1200], (n) => n, 10, 1000)).toEqual([[400, 400], [300], [900, 100], [1200]]);
  });

  it('gives nothing for nothing', () => {
    expect(chunkBatches([], () => 1, 10, 10)).toEqual([]);
  });
});
