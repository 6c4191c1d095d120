import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConnstring } from '../../../lib/db/connstring.ts';
import { redactConnstring } from '../../../lib/db/pool.ts';
import { ConfigError } from '../../../lib/errors.ts';

describe('connection strings', () => {
  it('passes a postgres URL through to pg', () => {
    assert.deepEqual(parseConnstring('postgresql://u:p@db:5433/clair?sslmode=require'), {
      connectionString: 'postgresql://u:p@db:5433/clair?sslmode=require',
    });
  });

  it('translates a libpq keyword string, quoted values included', () => {
    const config = parseConnstring(
      "host=db port=5433 dbname=clair user=clair password='it\\'s ok' sslmode=verify-full",
    );
    assert.equal(config.host, 'db');
    assert.equal(config.port, 5433);
    assert.equal(config.database, 'clair');
    assert.equal(config.user, 'clair');
    assert.equal(config.password, "it's ok");
    assert.equal(config.ssl, true);
  });

  it('reads a quoted value with escapes', () => {
    assert.equal(parseConnstring("password='a\\'b c'").password, "a'b c");
  });

  it('maps sslmode require to TLS without certificate checks', () => {
    assert.deepEqual(parseConnstring('host=db sslmode=require').ssl, { rejectUnauthorized: false });
    assert.equal(parseConnstring('host=db').ssl, false);
  });

  const rejects: [string, string, RegExp][] = [
    ['an unknown keyword', 'host=db colour=blue', /keyword "colour" is not supported/],
    ['a bad port', 'host=db port=abc', /port "abc" is not a number/],
    ['a bad sslmode', 'host=db sslmode=maybe', /sslmode "maybe" is not one of/],
    ['text that is not key=value', 'just some words', /neither a postgres:\/\/ URL nor key=value pairs/],
  ];
  for (const [name, text, message] of rejects) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => parseConnstring(text),
        (err: unknown) => err instanceof ConfigError && message.test(err.message),
      );
    });
  }

  it('masks the password in both forms', () => {
    assert.equal(redactConnstring('postgresql://u:secret@db/clair'), 'postgresql://u:***@db/clair');
    assert.equal(redactConnstring("host=db password='s e' user=u"), 'host=db password=*** user=u');
    assert.equal(redactConnstring('host=db password=secret'), 'host=db password=***');
  });
});
