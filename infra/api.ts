import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE_URL_ENV } from '../lib/queue/queues.ts';
import { clairlessFunction, type FunctionRuntime } from './clairless-function.ts';

export type ApiProps = {
  readonly runtime: FunctionRuntime;
  /** Where the indexer API queues index jobs. */
  readonly indexJobs: Queue;
};

// One JSON line per request: who asked for what, the answer, and how long the function took.
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  time: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  route: '$context.routeKey',
  status: '$context.status',
  bytes: '$context.responseLength',
  latencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
};

/**
 * The HTTP API and its three functions, routed by prefix as DESIGN.md section 1 draws them.
 * API Gateway ends integrations at 30 s, so the functions stop just before.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly functions: NodejsFunction[] = [];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'clairless: Clair v4 compatible API',
      createDefaultStage: false,
    });
    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        "The functions check each request's JWT as Clair does (PSK or Quay keyserver, lib/auth); only robots.txt is public",
    });
    this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'AccessLogs', {
            retention: RetentionDays.ONE_MONTH,
            removalPolicy: RemovalPolicy.DESTROY,
          }),
        ),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const services = [
      { name: 'indexer-api', prefix: '/indexer/api/v1', extra: ['/openapi/v1', '/robots.txt'] },
      { name: 'matcher-api', prefix: '/matcher/api/v1', extra: [] },
      { name: 'notifier-api', prefix: '/notifier/api/v1', extra: [] },
    ];
    for (const { name, prefix, extra } of services) {
      const fn = clairlessFunction(this, name, props.runtime, {
        timeout: Duration.seconds(29),
      });
      this.functions.push(fn);
      if (name === 'indexer-api') {
        props.indexJobs.grantSendMessages(fn);
        fn.addEnvironment(QUEUE_URL_ENV.indexJobs, props.indexJobs.queueUrl);
      }
      const integration = new HttpLambdaIntegration(`${name}-integration`, fn);
      this.httpApi.addRoutes({ path: `${prefix}/{proxy+}`, methods: [HttpMethod.ANY], integration });
      for (const path of extra) this.httpApi.addRoutes({ path, methods: [HttpMethod.GET], integration });
    }
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint, description: 'clairless API base URL' });
  }
}
