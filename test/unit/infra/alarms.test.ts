import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Alarms } from '../../../infra/alarms.ts';
import { Queues } from '../../../infra/queues.ts';

describe('alarms construct', () => {
  // GIVEN the queues, two stand-in functions (no bundling needed here) and an API
  const stack = new Stack(new App(), 'AlarmsTest');
  const { deadLetterQueues } = new Queues(stack, 'Queues', { indexMaxAttempts: 3 });
  const functions = ['index-worker', 'matcher-api'].map(
    (name) =>
      new LambdaFunction(stack, name, {
        runtime: Runtime.NODEJS_24_X,
        handler: 'index.handler',
        code: Code.fromInline('export const handler = () => {};'),
      }),
  );
  new Alarms(stack, 'Alarms', { deadLetterQueues, functions, httpApi: new HttpApi(stack, 'Api') });
  const template = Template.fromStack(stack);
  const topic = { Ref: Match.stringLikeRegexp('^AlarmsTopic') };

  it('alarms on the first message in each of the four dead-letter queues', () => {
    template.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1, AlarmActions: [topic] },
      4,
    );
  });

  it('alarms on any error of each function, and on five API 5xx in five minutes', () => {
    template.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      { MetricName: 'Errors', Threshold: 1, AlarmActions: [topic] },
      2,
    );
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: '5xx',
      Threshold: 5,
      Period: 300,
      AlarmActions: [topic],
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 7);
  });

  it('sends them to one topic, over TLS only, whose ARN is an output', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasOutput('*', { Value: topic });
  });
});
