import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsUpdaterSet } from '../../../../lib/ecosystems/aws/updater.ts';
import { ConfigError, InvalidInputError } from '../../../../lib/errors.ts';
import { withUpdaterContext } from '../../../helpers/updater-context.ts';

const discover = (raw: Record<string, unknown>) =>
  withUpdaterContext((ctx) => awsUpdaterSet.discover(raw, ctx));

describe('aws updater set', () => {
  it("has one updater per release, reading Amazon's mirror lists by default", async () => {
    assert.deepEqual(await discover({}), [
      {
        set: 'aws',
        name: 'aws-AL1-updater',
        params: {
          release: 'AL1',
          mirror_list: 'http://repo.us-west-2.amazonaws.com/2018.03/updates/x86_64/mirror.list',
        },
      },
      {
        set: 'aws',
        name: 'aws-AL2-updater',
        params: {
          release: 'AL2',
          mirror_list: 'https://cdn.amazonlinux.com/2/core/latest/x86_64/mirror.list',
        },
      },
      {
        set: 'aws',
        name: 'aws-AL2023-updater',
        params: {
          release: 'AL2023',
          mirror_list: 'https://cdn.amazonlinux.com/al2023/core/mirrors/latest/x86_64/mirror.list',
        },
      },
    ]);
  });

  it('reads <url>/<release>/mirror.list when url is set, with or without a final /', async () => {
    for (const url of ['http://mirror.internal/alas', 'http://mirror.internal/alas/']) {
      const lists = (await discover({ url })).map((s) => s.params.mirror_list);
      assert.deepEqual(lists, [
        'http://mirror.internal/alas/AL1/mirror.list',
        'http://mirror.internal/alas/AL2/mirror.list',
        'http://mirror.internal/alas/AL2023/mirror.list',
      ]);
    }
  });

  it('fails an unknown key or a url that is not http(s)', async () => {
    await assert.rejects(discover({ mirror: 'http://x/' }), {
      name: ConfigError.name,
      message: 'updaters.config.aws.mirror: unknown key (known: url)',
    });
    await assert.rejects(discover({ url: 'ftp://x/' }), {
      name: ConfigError.name,
      message: 'updaters.config.aws.url: "ftp://x/" is not an absolute http(s) URL',
    });
  });

  it('fails to build an updater for a release it does not know', () => {
    assert.throws(
      () =>
        awsUpdaterSet.build(
          { set: 'aws', name: 'aws-AL3-updater', params: { release: 'AL3', mirror_list: 'http://x/' } },
          {},
        ),
      {
        name: InvalidInputError.name,
        message: 'updater aws-AL3-updater: release "AL3" is not AL1, AL2 or AL2023',
      },
    );
  });
});
