import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { suseRelease } from '../../../../lib/ecosystems/suse/distribution-scanner.ts';
import { suseFeeds } from '../../../../lib/ecosystems/suse/oval-index.ts';

// An Apache folder listing laid out as ftp.suse.com's (testdata/README.md).
const INDEX = readFileSync(join(import.meta.dirname, 'testdata', 'oval', 'index.html'), 'utf8');
const BASE = 'http://127.0.0.1:9/pub/projects/security/oval/';

describe('suseFeeds', () => {
  it('selects SLES NN and openSUSE Leap from 15.5 on, as claircore does', () => {
    assert.deepEqual(suseFeeds(INDEX, BASE), [
      {
        name: 'suse-updater-opensuse.leap.15.5',
        url: `${BASE}opensuse.leap.15.5.xml.gz`,
        dist: suseRelease('opensuse-leap', '15.5'),
      },
      {
        name: 'suse-updater-opensuse.leap.15.6',
        url: `${BASE}opensuse.leap.15.6.xml.gz`,
        dist: suseRelease('opensuse-leap', '15.6'),
      },
      {
        name: 'suse-updater-suse.linux.enterprise.server.12',
        url: `${BASE}suse.linux.enterprise.server.12.xml.gz`,
        dist: suseRelease('sles', '12'),
      },
      {
        name: 'suse-updater-suse.linux.enterprise.server.15',
        url: `${BASE}suse.linux.enterprise.server.15.xml.gz`,
        dist: suseRelease('sles', '15'),
      },
    ]);
  });

  it('takes each document once, and absolute links as they are', () => {
    const html =
      '<a href="suse.linux.enterprise.server.15.xml.gz">x</a><A HREF=\'suse.linux.enterprise.server.15.xml.gz\'>y</A>' +
      '<a class="f" href="https://mirror.example/oval/opensuse.leap.16.0.xml.gz">z</a>';
    assert.deepEqual(
      suseFeeds(html, BASE).map((f) => [f.name, f.url]),
      [
        ['suse-updater-suse.linux.enterprise.server.15', `${BASE}suse.linux.enterprise.server.15.xml.gz`],
        ['suse-updater-opensuse.leap.16.0', 'https://mirror.example/oval/opensuse.leap.16.0.xml.gz'],
      ],
    );
  });

  it('finds nothing in a page without such links', () => {
    assert.deepEqual(suseFeeds('<html><body>moved</body></html>', BASE), []);
  });
});
