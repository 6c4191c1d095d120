import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dockerfileLabels } from '../../../../lib/ecosystems/rhcc/dockerfile-labels.ts';
import { InvalidInputError } from '../../../../lib/errors.ts';

const TESTDATA = join(import.meta.dirname, 'testdata', 'dockerfile');
const read = (name: string) => readFileSync(join(TESTDATA, name), 'utf8');
const cases = readdirSync(TESTDATA).filter((n) => !n.includes('.want'));

describe('Dockerfile labels', () => {
  it('has claircore cases to read', () => {
    assert.ok(cases.length >= 11, cases.join(', '));
  });

  for (const name of cases) {
    const want = JSON.parse(read(`${name}.want`));
    const wantErr = readdirSync(TESTDATA).includes(`${name}.want.err`) ? read(`${name}.want.err`).trim() : '';
    it(`reads ${name}${wantErr === '' ? '' : ', failing as claircore does'}`, () => {
      const labels = new Map<string, string>();
      if (wantErr === '') dockerfileLabels(read(name), labels);
      else {
        assert.throws(
          () => dockerfileLabels(read(name), labels),
          (err: Error) => {
            assert.ok(err instanceof InvalidInputError);
            assert.equal(err.message, wantErr);
            return true;
          },
        );
      }
      // Labels before an unreadable line are kept, as claircore's .want files hold them.
      assert.deepEqual(Object.fromEntries(labels), want);
    });
  }

  it('expands ARG and ENV variables, defaults and alternatives', () => {
    const text = [
      'ARG V=1.2',
      'ENV N=name',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile text, not a template
      'LABEL a="$N-${V}" b="${UNSET:-dflt}" c="${N:+alt}" d="${UNSET:+alt}" e="\\$N"',
    ].join('\n');
    assert.deepEqual(Object.fromEntries(dockerfileLabels(text)), {
      a: 'name-1.2',
      b: 'dflt',
      c: 'alt',
      d: '',
      e: '$N',
    });
  });

  it('reads the `LABEL key value` form with variables, quotes kept', () => {
    assert.deepEqual(Object.fromEntries(dockerfileLabels('ENV X=1\nLABEL version "v$X"\n')), {
      version: '"v1"',
    });
  });

  it('follows an escape directive', () => {
    const text = '# escape=`\nLABEL a=b `\n  c=d\n';
    assert.deepEqual(Object.fromEntries(dockerfileLabels(text)), { a: 'b', c: 'd' });
  });

  it('fails on a bad expansion, naming it', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile text, not a template
    assert.throws(() => dockerfileLabels('LABEL a="${X:?}"'), /bad default spec/);
  });

  it('fails on an instruction without arguments', () => {
    assert.throws(() => dockerfileLabels('FROM scratch\nRUN\n'), /unexpected line: `RUN`/);
  });
});
