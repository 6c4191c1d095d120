import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../lib/config/load.ts';
import { reportConfig } from '../../../lib/config/report.ts';
import { captureLog } from '../../helpers/log.ts';

const warningsFor = (yaml: string) => {
  const { log, entries } = captureLog();
  reportConfig(parseConfig(yaml, 'report.yaml', {}), log);
  return entries.filter((e) => e.level === 'warn').map((e) => e.msg);
};

describe('config report', () => {
  it('warns at start-up that the API is open when there is no auth section', () => {
    assert.deepEqual(warningsFor(''), ['auth disabled']);
  });

  it('does not warn about auth when a pre-shared key is set', () => {
    assert.deepEqual(warningsFor('auth: {psk: {key: c2VjcmV0, iss: [quay]}}\n'), []);
  });

  it('logs each config warning with the file it came from', () => {
    const { log, entries } = captureLog();
    reportConfig(
      parseConfig('auth: {psk: {key: c2VjcmV0, iss: [quay]}}\ntrace: {}\n', 'report.yaml', {}),
      log,
    );
    assert.deepEqual(
      entries.map(({ time: _time, ...rest }) => rest),
      [
        {
          level: 'warn',
          msg: 'config warning',
          file: 'report.yaml',
          warning: 'trace is not used by clairless and is ignored',
        },
      ],
    );
  });
});
