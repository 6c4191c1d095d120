import { CfnOutput, Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export type AlarmsProps = {
  readonly deadLetterQueues: readonly IQueue[];
  readonly functions: readonly IFunction[];
  readonly httpApi: HttpApi;
};

/**
 * What an operator must hear about, on one SNS topic to subscribe to: a message dead-lettered
 * (a job that failed every try), a function error, and API 5xx answers.
 */
export class Alarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'clairless alarms', enforceSSL: true });
    const action = new SnsAction(this.topic);
    const alarm = (name: string, description: string, metric: Alarm['metric'], threshold: number) => {
      new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(action);
    };
    for (const dlq of props.deadLetterQueues) {
      alarm(
        `${dlq.node.id}-messages`,
        `A message reached ${dlq.node.id}: a job failed every try`,
        dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        1,
      );
    }
    for (const fn of props.functions) {
      alarm(
        `${fn.node.id}-errors`,
        `${fn.node.id} failed (an uncaught error or a timeout)`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        1,
      );
    }
    alarm(
      'api-5xx',
      'The API answered 5xx five times in five minutes',
      props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      5,
    );
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.topic.topicArn,
      description: 'subscribe to clairless alarms',
    });
  }
}
