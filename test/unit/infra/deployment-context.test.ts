import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { App } from 'aws-cdk-lib';
import { readDeploymentContext } from '../../../infra/deployment-context.ts';
import { migrationsDigest } from '../../../infra/migrations.ts';

const read = (context: Record<string, unknown>) => readDeploymentContext(new App({ context }).node);

describe('deployment context', () => {
  it('reads -c strings and cdk.json values alike', () => {
    assert.deepEqual(read({}), {
      vpcId: undefined,
      natGateways: undefined,
      databaseEngine: undefined,
      databaseInstanceType: undefined,
      multiAz: undefined,
      auroraMaxCapacity: undefined,
    });
    const fromCli = read({
      vpcId: 'vpc-0abc123',
      natGateways: '2',
      database: 'aurora-serverless',
      databaseInstanceType: 'm7g.large',
      multiAz: 'true',
      auroraMaxCapacity: '16',
    });
    assert.deepEqual(fromCli, {
      vpcId: 'vpc-0abc123',
      natGateways: 2,
      databaseEngine: 'aurora-serverless',
      databaseInstanceType: 'm7g.large',
      multiAz: true,
      auroraMaxCapacity: 16,
    });
    assert.deepEqual(read({ natGateways: 2, multiAz: true, auroraMaxCapacity: 16 }).multiAz, true);
  });

  it('fails naming the setting and its value', () => {
    for (const [context, want] of [
      [{ vpcId: 'my-vpc' }, /context vpcId: "my-vpc" is not a VPC id/],
      [{ database: 'mysql' }, /context database: "mysql" is not one of postgres, aurora-serverless/],
      [
        { databaseInstanceType: 'db.t4g.micro ' },
        /context databaseInstanceType: "db.t4g.micro " is not an instance class/,
      ],
      [{ multiAz: 'yes' }, /context multiAz: "yes" is not true or false/],
      [{ natGateways: 'two' }, /context natGateways: "two" is not a number/],
    ] as const) {
      assert.throws(() => read(context), want);
    }
  });
});

describe('migrations digest', () => {
  it('changes when a migration changes, and only then', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clairless-migrations-'));
    await writeFile(join(dir, '01-a.sql'), 'CREATE TABLE a ();');
    const first = migrationsDigest(dir);
    assert.equal(migrationsDigest(dir), first);
    await writeFile(join(dir, '01-a.sql'), 'CREATE TABLE a (id int);');
    assert.notEqual(migrationsDigest(dir), first);
    assert.match(migrationsDigest(), /^[0-9a-f]{64}$/);
  });
});
