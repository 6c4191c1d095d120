import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULTS } from '../../../lib/config/defaults.ts';
import { ConfigFileError } from '../../../lib/config/errors.ts';
import { configPath, loadConfig, parseConfig } from '../../../lib/config/load.ts';
import { ConfigError } from '../../../lib/errors.ts';

const problemsOf = (text: string, env: Record<string, string> = {}) => {
  try {
    parseConfig(text, 'test.yaml', env);
  } catch (err) {
    assert.ok(err instanceof ConfigFileError, `want ConfigFileError, got ${String(err)}`);
    return err.problems.map((p) => `${p.line}: ${p.path}: ${p.message}`);
  }
  assert.fail('config was accepted');
};

describe('config loading', () => {
  it('applies defaults to an empty file', () => {
    const { config, warnings } = parseConfig('', 'empty.yaml', {});
    assert.deepEqual(config.httpListenAddr, { host: '', port: 6060 });
    assert.equal(config.logLevel, 'info');
    assert.equal(config.indexer.requestWaitMs, 20_000);
    assert.equal(config.matcher.periodMs, 6 * 3_600_000);
    assert.equal(config.matcher.cacheAgeMs, config.matcher.periodMs);
    assert.equal(config.matcher.updateRetention, 10);
    assert.equal(config.http.maxBodyBytes, 4 * 2 ** 20);
    assert.equal(config.database.maxConnections, 2);
    assert.equal(config.database.connstring, undefined);
    assert.deepEqual(config.local, DEFAULTS.local);
    assert.equal(config.auth.psk, undefined);
    assert.equal(config.updaters.sets, null);
    assert.deepEqual(warnings, []);
  });

  it('reads the Clair example configuration', () => {
    const text = `
http_listen_addr: ":6060"
introspection_addr: ":8089"
log_level: debug-color
auth: {psk: {key: "c2VjcmV0", iss: [quay, clairctl]}}
indexer: {connstring: "host=db dbname=clair", migrations: true}
matcher: {connstring: "host=db dbname=clair", indexer_addr: "http://clair-indexer:6060/", migrations: true}
notifier:
  connstring: "host=db dbname=clair"
  indexer_addr: "http://clair-indexer:6060/"
  matcher_addr: "http://clair-matcher:6060/"
  delivery_interval: 1m
  poll_interval: 5m
  webhook: {target: "http://hook/", callback: "http://clair-notifier:6060/notifier/api/v1/notification"}
`;
    const { config, warnings } = parseConfig(text, 'clair.yaml', {});
    assert.equal(config.logLevel, 'debug');
    assert.deepEqual(Buffer.from(config.auth.psk?.key ?? []).toString(), 'secret');
    assert.deepEqual(config.auth.psk?.issuers, ['quay', 'clairctl']);
    assert.equal(config.database.connstring, 'host=db dbname=clair');
    assert.equal(config.notifier.pollIntervalMs, 5 * 60_000);
    assert.equal(
      config.notifier.webhook?.callback,
      'http://clair-notifier:6060/notifier/api/v1/notification/',
    );
    assert.deepEqual(warnings, ['introspection_addr is not used by clairless and is ignored']);
  });

  it("reads clairless's notifier keys, with their defaults", () => {
    const defaults = parseConfig('', 'x.yaml', {}).config.notifier;
    assert.deepEqual(
      [
        defaults.notifyFirstUpdate,
        defaults.deliveryAttempts,
        defaults.deliveryBackoffMs,
        defaults.retentionMs,
        defaults.sqs,
      ],
      [false, 5, 1000, 14 * 24 * 3_600_000, { direct: false, callback: undefined }],
    );
    const text =
      'notifier: {notify_first_update: true, delivery_attempts: 3, delivery_backoff: 10ms, retention: 48h, sqs: {direct: true, callback: "https://clair.example/notifier/api/v1/notification"}}\n';
    const set = parseConfig(text, 'x.yaml', {}).config.notifier;
    assert.deepEqual(
      [set.notifyFirstUpdate, set.deliveryAttempts, set.deliveryBackoffMs, set.retentionMs, set.sqs],
      [
        true,
        3,
        10,
        48 * 3_600_000,
        { direct: true, callback: 'https://clair.example/notifier/api/v1/notification/' },
      ],
    );
    assert.deepEqual(problemsOf('notifier: {delivery_attempts: 0}\n').length, 1);
  });

  it('rejects an unknown key, naming its path and line', () => {
    assert.deepEqual(problemsOf('indexer:\n  request_wait: 5s\n  scaner: {}\n'), [
      '3: indexer.scaner: unknown key',
    ]);
  });

  it('rejects a wrong type, naming its path, line and value', () => {
    assert.deepEqual(problemsOf('matcher:\n  period: 10\n  disable_updaters: "yes"\n'), [
      '2: matcher.period: want a duration such as "30s", "5m" or "6h", got 10',
      '3: matcher.disable_updaters: want true or false, got "yes"',
    ]);
  });

  it('rejects invalid values', () => {
    assert.deepEqual(
      problemsOf(
        'log_level: loud\nhttp_listen_addr: "6060"\nmatcher:\n  period: 30s\nlocal:\n  sqs_port: 70000\nauth:\n  psk:\n    key: "not base64!"\n    iss: []\n',
      ),
      [
        '1: log_level: "loud" is not one of "debug-color", "debug", "info", "warn", "error", "fatal", "panic"',
        '2: http_listen_addr: "6060" is not host:port (for example ":6060" or "127.0.0.1:6060")',
        '4: matcher.period: 30s is too small: want at least 1m',
        '6: local.sqs_port: 70000 is too large: want at most 65535',
        '9: auth.psk.key: is not standard padded base64',
        '10: auth.psk.iss: no issuers defined: want a list such as [quay, clairctl]',
      ],
    );
  });

  it('reads ${NAME} values from the environment, typed as YAML types them', () => {
    const text = 'auth:\n  psk:\n    key: ${PSK}\n    iss: [quay]\nlocal:\n  postgres_port: ${PG_PORT}\n';
    const { config } = parseConfig(text, 'env.yaml', { PSK: 'c2VjcmV0', PG_PORT: '5555' });
    assert.equal(Buffer.from(config.auth.psk?.key ?? []).toString(), 'secret');
    assert.equal(config.local.postgresPort, 5555);
  });

  it('rejects a ${NAME} whose variable is not set', () => {
    assert.deepEqual(problemsOf('indexer:\n  connstring: ${NOPE}\n'), [
      '2: indexer.connstring: environment variable NOPE is not set',
    ]);
  });

  it('rejects YAML that does not parse, with its line', () => {
    const problems = problemsOf('indexer:\n  request_wait: [5s\n');
    assert.equal(problems.length, 1);
    assert.match(problems[0] as string, /^\d: \(document\): not valid YAML: /);
  });

  it('rejects a document that is not a mapping', () => {
    assert.deepEqual(problemsOf('- a\n- b\n'), [
      '1: (document): the configuration must be a mapping of keys',
    ]);
  });

  it('takes DATABASE_URL over the connstrings, and refuses connstrings that disagree', () => {
    const { config } = parseConfig('indexer: {connstring: "host=a"}\n', 'db.yaml', {
      DATABASE_URL: 'postgresql://b/c',
    });
    assert.equal(config.database.connstring, 'postgresql://b/c');
    assert.deepEqual(problemsOf('indexer: {connstring: "host=a"}\nmatcher: {connstring: "host=b"}\n'), [
      '1: indexer: indexer, matcher and notifier connstring differ: clairless keeps all three in one database',
    ]);
  });

  it('reads keyserver settings, a lone audience as a list', () => {
    const text =
      'auth:\n  keyserver:\n    api: https://quay.example/keys/\n    intraservice: c2VjcmV0\n    audience: https://clair.example\n';
    const { config } = parseConfig(text, 'ks.yaml', {});
    assert.equal(config.auth.keyserver?.api, 'https://quay.example/keys/');
    assert.deepEqual(config.auth.keyserver?.audience, ['https://clair.example']);
    assert.equal(Buffer.from(config.auth.keyserver?.intraservice ?? []).toString(), 'secret');
  });

  it('reads sizes with units and Go durations', () => {
    const text =
      'http: {max_body_bytes: 1MiB}\nindexer: {request_wait: 1m30s, layer_fetch: {max_bytes: 2 GiB, timeout: 1.5h}}\n';
    const { config } = parseConfig(text, 'units.yaml', {});
    assert.equal(config.http.maxBodyBytes, 2 ** 20);
    assert.equal(config.indexer.requestWaitMs, 90_000);
    assert.equal(config.indexer.layerFetch.maxBytes, 2 * 2 ** 30);
    assert.equal(config.indexer.layerFetch.timeoutMs, 5_400_000);
  });

  it('keeps Clair settings it does not use, with a warning', () => {
    const text = 'notifier:\n  amqp: {exchange: {name: x, type: direct}}\ntrace: {name: otlp}\n';
    const { warnings } = parseConfig(text, 'w.yaml', {});
    assert.deepEqual(warnings, [
      'notifier.amqp is not supported: clairless delivers through SQS or a webhook',
      'trace is not used by clairless and is ignored',
    ]);
  });

  it('chooses the file by --config, then CLAIR_CONF, then config/local.yaml', () => {
    assert.equal(configPath(['serve', '--config', 'a.yaml'], { CLAIR_CONF: 'b.yaml' }), 'a.yaml');
    assert.equal(configPath(['--config=c.yaml'], {}), 'c.yaml');
    assert.equal(configPath(['serve'], { CLAIR_CONF: 'b.yaml' }), 'b.yaml');
    assert.equal(configPath([], {}), 'config/local.yaml');
    assert.throws(() => configPath(['--config'], {}), /--config needs a file path/);
  });

  it('fails clearly when the file cannot be read', async () => {
    await assert.rejects(loadConfig(['--config', '/nonexistent/x.yaml'], {}), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /cannot read config file \/nonexistent\/x\.yaml/);
      return true;
    });
  });

  it('loads the file named by --config', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clairless-config-'));
    const file = join(dir, 'c.yaml');
    await writeFile(file, 'log_level: warn\n');
    const { config } = await loadConfig(['--config', file], {});
    assert.equal(config.logLevel, 'warn');
    assert.equal(config.file, file);
  });

  it('accepts the repository config/local.yaml', async () => {
    const { config } = await loadConfig(
      ['--config', join(import.meta.dirname, '../../../config/local.yaml')],
      {},
    );
    assert.deepEqual(config.httpListenAddr, { host: '127.0.0.1', port: 6060 });
  });
});
