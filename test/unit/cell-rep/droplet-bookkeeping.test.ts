import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CacheBook } from '../../../src/cell-rep/droplets/bookkeeping.ts';

describe('droplet cache bookkeeping', () => {
  test('references count up and down; unknown entries cannot be acquired', () => {
    const book = new CacheBook();
    assert.equal(book.acquire('a', 0), false);
    book.add('a', 100, 0);
    assert.equal(book.acquire('a', 1), true);
    assert.equal(book.acquire('a', 2), true);
    assert.equal(book.get('a')?.refs, 2);
    book.release('a', 3);
    book.release('a', 4);
    book.release('a', 5); // one release too many changes nothing
    assert.equal(book.get('a')?.refs, 0);
    assert.equal(book.get('a')?.lastUsedAt, 4);
    assert.deepEqual(book.totals(), { entries: 1, bytes: 100, inUse: 0 });
  });

  test('an entry in use is never collected, however old', () => {
    const book = new CacheBook();
    book.add('a', 10, 0);
    book.acquire('a', 0);
    assert.deepEqual(book.collectable(1e12, { graceMs: 1, maxBytes: 1 }), []);
  });

  test('an unused entry is kept for its grace period after its last use', () => {
    const book = new CacheBook();
    book.add('a', 10, 0);
    book.acquire('a', 1000);
    book.release('a', 5000);
    assert.deepEqual(book.collectable(5000 + 59_999, { graceMs: 60_000, maxBytes: 0 }), []);
    assert.deepEqual(book.collectable(5000 + 60_000, { graceMs: 60_000, maxBytes: 0 }), ['a']);
  });

  test('over the size limit, the least recently used unused entries go first, grace or not', () => {
    const book = new CacheBook();
    book.add('old', 40, 100);
    book.add('newer', 40, 200);
    book.add('newest', 40, 300);
    book.add('busy', 40, 0);
    book.acquire('busy', 0);
    // 160 bytes, limit 100: drop 'old' (120 left), then 'newer' (80 left); 'busy' is in use.
    assert.deepEqual(book.collectable(400, { graceMs: 1e9, maxBytes: 100 }).sort(), ['newer', 'old']);
    // Within the limit nothing goes before its grace.
    assert.deepEqual(book.collectable(400, { graceMs: 1e9, maxBytes: 1000 }), []);
  });

  test('removed entries are gone from the totals', () => {
    const book = new CacheBook();
    book.add('a', 5, 0);
    book.add('b', 7, 0);
    book.remove('a');
    assert.equal(book.has('a'), false);
    assert.deepEqual(book.totals(), { entries: 1, bytes: 7, inUse: 0 });
  });
});
