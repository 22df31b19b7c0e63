import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeFsError, describeTarFailure, digestFileName, digestFromFileName, FetchError, fetchReasons, isDigest, noSpaceProblem } from '../../../src/cell-rep/droplets/digest.ts';
import { sourceOf } from '../../../src/cell-rep/droplets/fetch.ts';

const hex = 'ab'.repeat(32);
const digest = `sha256:${hex}`;

describe('droplet digests', () => {
  test('only "sha256:" and 64 lowercase hex digits is a digest', () => {
    assert.equal(isDigest(digest), true);
    assert.equal(isDigest(`sha256:${hex.toUpperCase()}`), false);
    assert.equal(isDigest(`sha256:${hex}0`), false);
    assert.equal(isDigest(`sha512:${hex}`), false);
    assert.equal(isDigest(hex), false);
  });

  test('file names stand for their digest and nothing else', () => {
    assert.equal(digestFileName(digest), `sha256-${hex}`);
    assert.equal(digestFromFileName(`sha256-${hex}`), digest);
    assert.equal(digestFromFileName(`sha256-${hex}.tgz`), digest);
    assert.equal(digestFromFileName('sha256-nothex'), null);
    assert.equal(digestFromFileName(`x-${hex}`), null);
    assert.throws(() => digestFileName('sha256:../../etc'), /not a sha256 digest/);
  });

  test('reasons say what failed and how', () => {
    assert.equal(fetchReasons.digestMismatch('droplet', digest, 'sha256:00'), `droplet ${digest} failed its digest check: got sha256:00`);
    assert.equal(fetchReasons.downloadFailed('droplet', 'GET x returned 404'), 'droplet download failed: GET x returned 404');
    assert.equal(fetchReasons.downloadFailed('download', 'timed out'), 'task download failed: timed out');
    assert.equal(fetchReasons.unpackFailed('droplet', digest, 'no space left on device'), `droplet ${digest} could not be unpacked: no space left on device`);
  });

  test('a full disk is named as such', () => {
    assert.equal(describeFsError(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })), 'no space left on device');
    assert.equal(describeFsError(Object.assign(new Error('x'), { code: 'EDQUOT' })), 'disk quota exceeded');
    assert.equal(describeFsError(Object.assign(new Error('x'), { code: 'EACCES', path: '/d' })), 'permission denied on /d');
    assert.equal(describeFsError(new Error('something else')), 'something else');
    assert.equal(describeTarFailure('tar: app/x: Cannot write: No space left on device\n', 2), 'no space left on device');
    assert.equal(describeTarFailure('gzip: stdin: not in gzip format\ntar: Child returned status 1\n', 2), 'not a valid .tgz archive');
    assert.equal(describeTarFailure('', 2), 'tar exited with code 2');
    // GNU tar on a full tmpfs: a short write, no ENOSPC in its words.
    assert.equal(describeTarFailure('tar: zeros.bin: Wrote only 2560 of 10240 bytes\ntar: Exiting with failure status due to previous errors\n', 2), 'no space left on device');
  });

  test('a full disk is told apart from other failures, by code or by words', () => {
    assert.equal(noSpaceProblem(Object.assign(new Error('x'), { code: 'ENOSPC' })), 'no space left on device');
    assert.equal(noSpaceProblem(new FetchError('droplet download failed: …', { code: 'EDQUOT' })), 'disk quota exceeded');
    assert.equal(noSpaceProblem(new Error('no space left on device')), 'no space left on device');
    assert.equal(noSpaceProblem(new Error('not a valid .tgz archive')), null);
    assert.equal(noSpaceProblem(null), null);
    assert.equal(fetchReasons.noSpace('/d/droplets'), 'droplet cache: no space left on device (/d/droplets)');
    assert.equal(fetchReasons.noSpace('/d/droplets', 'disk quota exceeded', 'needs 3.0 MB, 1.0 MB free'), 'droplet cache: disk quota exceeded (/d/droplets): needs 3.0 MB, 1.0 MB free');
  });
});

describe('where a droplet comes from', () => {
  test('a digest alone is fetched from the object store', () => {
    assert.deepEqual(sourceOf({ digest, url: '' }, 'droplet'), { kind: 'object-store', digest });
  });

  test('a URL wins, checked against the digest when one is given', () => {
    assert.deepEqual(sourceOf({ digest, url: 'https://example.test/d.tgz' }, 'droplet'), { kind: 'url', url: 'https://example.test/d.tgz', digest });
    assert.deepEqual(sourceOf({ digest: '', url: 'http://127.0.0.1:1/d.tgz' }, 'droplet'), { kind: 'url', url: 'http://127.0.0.1:1/d.tgz', digest: null });
  });

  test('unusable references are refused with the reason', () => {
    assert.throws(() => sourceOf({ digest: '', url: '' }, 'droplet'), { message: 'droplet reference is invalid: neither a digest nor a url is given' });
    assert.throws(() => sourceOf({ digest: 'md5:abc', url: '' }, 'droplet'), /droplet reference is invalid: digest "md5:abc" is not/);
    assert.throws(() => sourceOf({ digest: '', url: 'ftp://x/y' }, 'download'), { message: 'task download reference is invalid: url "ftp://x/y" is not http(s)' });
    assert.throws(() => sourceOf({ digest: '', url: 'not a url' }, 'droplet'), /is not a URL/);
  });
});
