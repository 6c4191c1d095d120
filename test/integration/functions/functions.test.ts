import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { lambdaContext } from '../../../lib/local/lambda-context.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { apiEvent, sqsEvent } from '../../helpers/events.ts';

// Each function module loads its config at import (a cold start), from CLAIR_CONF and DATABASE_URL.
describe('Lambda entry points', () => {
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'clairless-functions-'));
    const file = join(dir, 'lambda.yaml');
    await writeFile(file, 'log_level: error\nauth:\n  psk:\n    key: c2VjcmV0\n    iss: [quay]\n');
    process.env.CLAIR_CONF = file;
    process.env.DATABASE_URL = db.url;
    // Never sent to: these tests queue no job.
    process.env.INDEX_JOBS_QUEUE_URL = 'http://127.0.0.1:9/000000000000/clairless-index-jobs';
    process.env.UPDATE_JOBS_QUEUE_URL = 'http://127.0.0.1:9/000000000000/clairless-update-jobs';
    process.env.NOTIFIER_JOBS_QUEUE_URL = 'http://127.0.0.1:9/000000000000/clairless-notifier-jobs';
    process.env.NOTIFICATIONS_QUEUE_URL = 'http://127.0.0.1:9/000000000000/clairless-notifications';
    // What the Lambda runtime gives every function: requests to AWS are signed with these.
    process.env.AWS_REGION = 'eu-west-1';
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'example';
  });
  after(() => db.drop());

  it('indexer-api serves robots.txt without a token and refuses the API without one', async () => {
    const { handler } = await import('../../../functions/indexer-api.ts');
    const robots = await handler(apiEvent({ path: '/robots.txt' }), lambdaContext('indexer-api', 30_000));
    assert.equal(robots.statusCode, 200);
    const state = await handler(
      apiEvent({ path: '/indexer/api/v1/index_state' }),
      lambdaContext('indexer-api', 30_000),
    );
    assert.equal(state.statusCode, 401);
  });

  it('matcher-api and notifier-api answer their routes', async () => {
    const { handler: matcher } = await import('../../../functions/matcher-api.ts');
    const { handler: notifier } = await import('../../../functions/notifier-api.ts');
    const context = lambdaContext('api', 30_000);
    assert.equal(
      (await matcher(apiEvent({ path: '/matcher/api/v1/internal/update_diff' }), context)).statusCode,
      401,
    );
    assert.equal((await notifier(apiEvent({ path: '/notifier/api/v1/nothing' }), context)).statusCode, 401);
  });

  it('workers acknowledge jobs they can never run: malformed ones', async () => {
    for (const name of ['index-worker', 'update-worker', 'notify-worker']) {
      const { handler } = await import(`../../../functions/${name}.ts`);
      const response = await handler(sqsEvent(['{"kind":"update"}']), lambdaContext(name, 900_000));
      assert.deepEqual(response, { batchItemFailures: [] }, name);
    }
  });

  it('migrate migrates on create and update and leaves the database alone on delete', async () => {
    const { handler } = await import('../../../functions/migrate.ts');
    const base = {
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
      ResponseURL: 'https://cloudformation-custom-resource-response.invalid/',
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/clairless/1',
      RequestId: 'r1',
      LogicalResourceId: 'Migrations',
      ResourceType: 'Custom::Migrations',
      ResourceProperties: { ServiceToken: 'x' },
    };
    const created = await handler({ ...base, RequestType: 'Create' } as CloudFormationCustomResourceEvent);
    assert.equal(created.PhysicalResourceId, 'clairless-migrations');
    assert.match(created.Data.applied as string, /indexer\/01-create-schema\.sql/);
    const updated = await handler({
      ...base,
      RequestType: 'Update',
      PhysicalResourceId: 'clairless-migrations',
      OldResourceProperties: {},
    } as CloudFormationCustomResourceEvent);
    assert.equal(updated.Data.applied, '');
    const deleted = await handler({
      ...base,
      RequestType: 'Delete',
      PhysicalResourceId: 'clairless-migrations',
    } as CloudFormationCustomResourceEvent);
    assert.deepEqual(deleted, { PhysicalResourceId: 'clairless-migrations', Data: {} });
  });
});
