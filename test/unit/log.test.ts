import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { InvalidInputError } from '../../lib/errors.ts';
import { createLogger, type LogLevel, withLogFields } from '../../lib/log.ts';

/** A logger at level whose entries, without their time, are kept for assertions. */
function capture(level: LogLevel = 'debug') {
  const entries: Record<string, unknown>[] = [];
  const log = createLogger({
    level,
    write: (line) => {
      assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'), 'one line per entry');
      const { time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      assert.equal(typeof time, 'string');
      entries.push(rest);
    },
  });
  return { log, entries };
}

describe('logger', () => {
  const levels: { level: LogLevel; want: string[] }[] = [
    { level: 'debug', want: ['debug', 'info', 'warn', 'error'] },
    { level: 'info', want: ['info', 'warn', 'error'] },
    { level: 'warn', want: ['warn', 'error'] },
    { level: 'error', want: ['error'] },
  ];
  for (const { level, want } of levels) {
    it(`writes only entries at ${level} or above`, () => {
      const { log, entries } = capture(level);
      log.debug('d');
      log.info('i');
      log.warn('w');
      log.error('e');
      assert.deepEqual(
        entries.map((e) => e.level),
        want,
      );
    });
  }

  it('writes the level, message and fields of an entry', () => {
    const { log, entries } = capture();
    log.info('index start', { manifest: 'sha256:aa', layers: 3 });
    assert.deepEqual(entries, [{ level: 'info', msg: 'index start', manifest: 'sha256:aa', layers: 3 }]);
  });

  it('adds the fields of a child to each of its entries', () => {
    const { log, entries } = capture();
    const child = log.child({ service: 'indexer' }).child({ manifest: 'sha256:aa' });
    child.info('index start', { layers: 1 });
    log.info('other');
    assert.deepEqual(entries, [
      { level: 'info', msg: 'index start', service: 'indexer', manifest: 'sha256:aa', layers: 1 },
      { level: 'info', msg: 'other' },
    ]);
  });

  it('keeps the level of its parent in a child', () => {
    const { log, entries } = capture('warn');
    log.child({ service: 'indexer' }).info('dropped');
    assert.deepEqual(entries, []);
  });
});

describe('withLogFields', () => {
  it('adds fields to entries written inside its callback only', () => {
    const { log, entries } = capture();
    withLogFields({ request_id: 'r1' }, () => log.info('inside'));
    log.info('outside');
    assert.deepEqual(entries, [
      { level: 'info', msg: 'inside', request_id: 'r1' },
      { level: 'info', msg: 'outside' },
    ]);
  });

  it('keeps its fields across awaits', async () => {
    const { log, entries } = capture();
    await withLogFields({ request_id: 'r1' }, async () => {
      await nextTurn();
      log.info('after await');
    });
    log.info('outside');
    assert.deepEqual(entries, [
      { level: 'info', msg: 'after await', request_id: 'r1' },
      { level: 'info', msg: 'outside' },
    ]);
  });

  it('keeps the fields of concurrent calls apart', async () => {
    const { log, entries } = capture();
    const job = (id: string) =>
      withLogFields({ request_id: id }, async () => {
        log.info('start');
        await nextTurn();
        log.info('done');
      });
    await Promise.all([job('a'), job('b')]);
    assert.deepEqual(entries, [
      { level: 'info', msg: 'start', request_id: 'a' },
      { level: 'info', msg: 'start', request_id: 'b' },
      { level: 'info', msg: 'done', request_id: 'a' },
      { level: 'info', msg: 'done', request_id: 'b' },
    ]);
  });

  it('merges nested fields, the inner call winning', () => {
    const { log, entries } = capture();
    withLogFields({ request_id: 'r1', step: 'outer' }, () =>
      withLogFields({ step: 'inner' }, () => log.info('nested')),
    );
    assert.deepEqual(entries, [{ level: 'info', msg: 'nested', request_id: 'r1', step: 'inner' }]);
  });

  it('lets the fields of an entry override its invocation fields', () => {
    const { log, entries } = capture();
    withLogFields({ step: 'invocation' }, () => log.child({ step: 'child' }).info('x', { step: 'entry' }));
    assert.deepEqual(entries, [{ level: 'info', msg: 'x', step: 'entry' }]);
  });
});

describe('error serialisation', () => {
  it('writes the name and message of an error', () => {
    const { log, entries } = capture();
    log.error('job fail', { err: new InvalidInputError('bad digest "x"') });
    assert.deepEqual(entries[0]?.err, { name: 'InvalidInputError', message: 'bad digest "x"' });
  });

  it('writes the cause chain of an error', () => {
    const { log, entries } = capture();
    const err = new Error('fetch layer', { cause: new TypeError('fetch failed', { cause: 'ECONNRESET' }) });
    log.error('job fail', { err });
    assert.deepEqual(entries[0]?.err, {
      name: 'Error',
      message: 'fetch layer',
      cause: { name: 'TypeError', message: 'fetch failed', cause: 'ECONNRESET' },
    });
  });

  it('writes an error nested in another field', () => {
    const { log, entries } = capture();
    log.warn('retry', { attempts: [{ n: 1, err: new RangeError('too big') }] });
    assert.deepEqual(entries[0]?.attempts, [{ n: 1, err: { name: 'RangeError', message: 'too big' } }]);
  });

  it('writes an error whose cause chain loops back to it', () => {
    const { log, entries } = capture();
    const err = new Error('outer');
    err.cause = new Error('inner', { cause: err });
    assert.doesNotThrow(() => log.error('job fail', { err }));
    assert.equal(entries.length, 1);
    const written = entries[0]?.err as { name?: string; message?: string; cause?: { message?: string } };
    assert.equal(written.name, 'Error');
    assert.equal(written.message, 'outer');
    assert.equal(written.cause?.message, 'inner');
  });
});
