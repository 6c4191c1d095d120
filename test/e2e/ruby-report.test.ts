// Acceptance: a layer holding rexml 3.2.5 as Debian 12's ruby ships it (its real gemspec), indexed
// by the local stack, against RubyGems advisories in the OSV schema loaded through the osv updater.
// The report must name exactly the advisories whose ECOSYSTEM ranges RubyGems' own Gem::Version
// says hold 3.2.5.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Blob, layerFromTree } from '../helpers/layers.ts';
import {
  fetchVulnerabilityReport,
  indexManifest,
  type OsvStack,
  startOsvStack,
  vulnerabilityNames,
} from '../helpers/local-stack.ts';

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
  let stack: OsvStack<{ id: string }>;
  let layer: Blob;

  before(async () => {
    layer = await layerFromTree({
      [GEMSPEC]: await readFile(join(ADVISORIES, `rexml-${INSTALLED}.gemspec`), 'utf8'),
    });
    stack = await startOsvStack('RubyGems', ADVISORIES, [layer]);
  });
  after(() => stack?.close());

  let manifest: string;

  it('indexes rexml from its gemspec, in the RubyGems repository', async () => {
    const report = await indexManifest(stack.runtime.apiUrl, stack.layers, [layer]);
    manifest = report.manifest_hash;
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
        input: JSON.stringify(stack.advisories),
        encoding: 'utf8',
      }),
    ) as string[];
    assert.ok(
      want.length > 0 && want.length < stack.advisories.length,
      `RubyGems found ${want.length} advisories`,
    );
    const report = await fetchVulnerabilityReport(stack.runtime.apiUrl, manifest);
    const got = Object.values(vulnerabilityNames(report)).flat();
    assert.deepEqual([...new Set(got)].sort(), want);
  });
});
