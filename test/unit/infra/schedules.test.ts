import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queues } from '../../../infra/queues.ts';
import { Schedules } from '../../../infra/schedules.ts';

function synth(updates: boolean): Template {
  const stack = new Stack(new App(), 'SchedulesTest');
  const { queues } = new Queues(stack, 'Queues', { indexMaxAttempts: 3 });
  new Schedules(stack, 'Schedules', {
    updateJobs: queues.updateJobs,
    notifierJobs: queues.notifierJobs,
    updatePeriodMs: 6 * 3_600_000,
    sweepPeriodMs: 3_600_000,
    updates,
  });
  return Template.fromStack(stack);
}

describe('schedules construct', () => {
  const template = synth(true);
  const queueArn = (name: string) => {
    const [id] = Object.keys(template.findResources('AWS::SQS::Queue', { Properties: { QueueName: name } }));
    return { 'Fn::GetAtt': [id, 'Arn'] };
  };

  it('dispatches the updaters every matcher.period on update-jobs', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(6 hours)',
      Target: Match.objectLike({ Arn: queueArn('clairless-update-jobs'), Input: '{"kind":"dispatch"}' }),
    });
  });

  it('sweeps the notifier every notifier.delivery_interval on notifier-jobs', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      Target: Match.objectLike({ Arn: queueArn('clairless-notifier-jobs'), Input: '{"kind":"sweep"}' }),
    });
  });

  it('lets the scheduler send to those two queues only', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    const sends = statements.filter((s) => s.Action === 'sqs:SendMessage');
    assert.deepEqual(
      sends.map((s) => s.Resource).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      [queueArn('clairless-notifier-jobs'), queueArn('clairless-update-jobs')].sort((a, b) =>
        JSON.stringify(a).localeCompare(JSON.stringify(b)),
      ),
    );
  });

  it('makes no update schedule when no updater runs', () => {
    synth(false).resourceCountIs('AWS::Scheduler::Schedule', 1);
  });
});
