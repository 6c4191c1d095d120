// Acceptance: a layer holding rexml 3.2.5 as Debian 12's ruby ships it (its real gemspec), indexed
// by the local stack, against RubyGems advisories in the OSV schema loaded through the osv updater.
// The report must name exactly the advisories whose ECOSYSTEM ranges RubyGems' own Gem::Version
// says hold 3.2.5.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../lib/config/load.ts';
import type { IndexReport } from '../../lib/indexer/index-report.ts';
import { type LocalRuntime, startLocalRuntime } from '../../lib/local/runtime.ts';
import type { VulnerabilityReport } from '../../lib/matcher/vulnerability-report.ts';
import { type FeedServer, startFeedServer } from '../helpers/feed-server.ts';
import { type LayerServer, startLayerServer } from '../helpers/layer-server.ts';
import { type Blob, digestOf, layerFromTree } from '../helpers/layers.ts';
import { firstUpdateOperation, localSetup } from '../helpers/local-config.ts';
import { captureLog } from '../helpers/log.ts';
import { advisoryEntries, writeZip } from '../unit/ecosystems/osv/zip-fixture.ts';

const ADVISORIES = join(import.meta.dirname, 'testdata', 'rubygems-rexml');
const INSTALLED = '3.2.5';
const GEMSPEC = `usr/lib/ruby/gems/3.1.0/specifications/rexml-${INSTALLED}.gemspec`;

const RUBY = spawnSync('ruby', ['-e', 'Gem::Version.new("1")']).status === 0;

// OSV's range rule over each ECOSYSTEM range's events in order, versions compared by RubyGems.
const AFFECTED_RB = `
require "json"
v = Gem::Version.new(ARGV[0])
hit = lambda do |events|
  start = nil
  events.each do |e|
    if e.key?("introduced")
      start = Gem::Version.new(e["introduced"])
    elsif start && e.key?("fixed")
      return true if start <= v && v < Gem::Version.new(e["fixed"])
      start = nil
    elsif start && e.key?("last_affected")
      return true if start <= v && v <= Gem::Version.new(e["last_affected"])
      start = nil
    end
  end
  !start.nil? && v >= start
end
ids = JSON.parse($stdin.read).select { |a|
  a["affected"].any? { |x|
    x["package"]["name"] == "rexml" &&
      (x["ranges"] || []).any? { |r| r["type"] == "ECOSYSTEM" && hit.(r["events"]) }
  }
}.map { |a| a["id"] }
puts JSON.generate(ids.sort)
`;

describe("Debian's rexml gem against RubyGems advisories", {
  skip: RUBY ? false : 'ruby not found: apt-get install ruby to run this test',
}, () => {
  let dir: string;
  let feeds: FeedServer;
  let layers: LayerServer;
  let runtime: LocalRuntime;
  let layer: Blob;
  let advisories: { id: string }[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clairless-ruby-'));
    const entries = await advisoryEntries(ADVISORIES);
    advisories = entries.map((e) => JSON.parse(String(e.data)));
    await writeZip(join(dir, 'RubyGems.zip'), entries);
    feeds = await startFeedServer();
    feeds.set('/RubyGems/all.zip', { body: await readFile(join(dir, 'RubyGems.zip')) });
    layer = await layerFromTree({
      [GEMSPEC]: await readFile(join(ADVISORIES, `rexml-${INSTALLED}.gemspec`), 'utf8'),
    });
    layers = await startLayerServer([layer]);
    const setup = await localSetup(
      'indexer: {allow_private_networks: true, request_wait: 120s}',
      `updaters: {sets: [osv], config: {osv: {url: "${feeds.url}", allowlist: [RubyGems]}}}`,
    );
    runtime = await startLocalRuntime(parseConfig(setup.yaml, 'ruby.yaml', {}).config, captureLog().log);
    await firstUpdateOperation(runtime.apiUrl, 'osv/rubygems');
  });
  after(async () => {
    await runtime?.stop();
    await Promise.all([layers?.close(), feeds?.close(), dir && rm(dir, { recursive: true, force: true })]);
  });

  let manifest: string;

  it('indexes rexml from its gemspec, in the RubyGems repository', async () => {
    manifest = digestOf(Buffer.from(layer.digest));
    const res = await fetch(`${runtime.apiUrl}/indexer/api/v1/index_report`, {
      method: 'POST',
      body: JSON.stringify({ hash: manifest, layers: [{ hash: layer.digest, uri: layers.uri(layer) }] }),
    });
    const report = (await res.json()) as IndexReport;
    assert.equal(res.status, 201);
    assert.equal(report.state, 'IndexFinished', report.err);
    assert.deepEqual(
      Object.values(report.packages).map((p) => [p.name, p.version]),
      [['rexml', INSTALLED]],
    );
    assert.deepEqual(
      Object.values(report.repository).map((r) => [r.name, r.uri]),
      [['rubygems', 'https://rubygems.org/gems/']],
    );
  });

  it("reports exactly the advisories whose ranges hold 3.2.5 by RubyGems' Gem::Version", async () => {
    const want = JSON.parse(
      execFileSync('ruby', ['-e', AFFECTED_RB, INSTALLED], {
        input: JSON.stringify(advisories),
        encoding: 'utf8',
      }),
    ) as string[];
    assert.ok(want.length > 0 && want.length < advisories.length, `RubyGems found ${want.length} advisories`);
    const res = await fetch(`${runtime.apiUrl}/matcher/api/v1/vulnerability_report/${manifest}`);
    const report = (await res.json()) as VulnerabilityReport;
    assert.equal(res.status, 200);
    const got = Object.values(report.package_vulnerabilities)
      .flat()
      .map((v) => report.vulnerabilities[v]?.name ?? v);
    assert.deepEqual([...new Set(got)].sort(), want);
  });
});
