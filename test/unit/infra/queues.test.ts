import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queues } from '../../../infra/queues.ts';

describe('queues construct', () => {
  // GIVEN the queues with indexer.max_attempts 4
  const stack = new Stack(new App(), 'QueuesTest');
  new Queues(stack, 'Queues', { indexMaxAttempts: 4 });
  const template = Template.fromStack(stack);
  const arnOf = (name: string) => {
    const [id] =
      Object.entries(template.findResources('AWS::SQS::Queue', { Properties: { QueueName: name } }))[0] ?? [];
    return { 'Fn::GetAtt': [id, 'Arn'] };
  };

  it('makes each queue of DESIGN.md with its dead-letter queue, encrypted', () => {
    template.resourceCountIs('AWS::SQS::Queue', 8);
    for (const name of ['index-jobs', 'update-jobs', 'notifier-jobs', 'notifications']) {
      for (const queue of [`clairless-${name}`, `clairless-${name}-dlq`])
        template.hasResourceProperties('AWS::SQS::Queue', { QueueName: queue, SqsManagedSseEnabled: true });
    }
  });

  it('makes a message visible again after six times its consumer timeout, then dead-letters it', () => {
    for (const [name, visibility, maxReceiveCount] of [
      ['index-jobs', 5400, 4],
      ['update-jobs', 5400, 3],
      ['notifier-jobs', 1800, 5],
      ['notifications', 180, 10],
    ] as const) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `clairless-${name}`,
        VisibilityTimeout: visibility,
        RedrivePolicy: { deadLetterTargetArn: arnOf(`clairless-${name}-dlq`), maxReceiveCount },
      });
    }
  });

  it('keeps dead letters 14 days, and refuses plain-HTTP access to every queue', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'clairless-index-jobs-dlq',
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    const policies = template.findResources('AWS::SQS::QueuePolicy', {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      },
    });
    assert.equal(Object.keys(policies).length, 8);
  });

  it('gives the notifications queue URL as an output for readers', () => {
    const [output] = Object.values(
      template.findOutputs('*', { Description: Match.stringLikeRegexp('notification') }),
    );
    assert.deepEqual(output?.Value, {
      Ref: Object.keys(
        template.findResources('AWS::SQS::Queue', { Properties: { QueueName: 'clairless-notifications' } }),
      )[0],
    });
  });
});
