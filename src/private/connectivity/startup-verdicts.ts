import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { AccessView } from '../access-view';

/*
 * The verdicts of the connectivity check's ECS rule (./ecs-startup.ts), as data: why the tasks of an ECS
 * service may not start. ./ecs-startup-findings.ts words them.
 */

/** Why the tasks of a service may not start. */
export type StartupVerdict =
  /** No interface endpoint with private DNS for a service they need (certain: some of their subnets have no route out). */
  | { readonly kind: 'missingEndpoint'; readonly certain: boolean; readonly service: string; readonly why: string[]; readonly subnets: string[]; readonly reason?: string }
  /** Route tables of their subnets that no S3 gateway endpoint serves (image layers, S3 objects). */
  | { readonly kind: 'noS3Route'; readonly certain: boolean; readonly why: string[]; readonly subnets: string[] }
  /** A container's image is in a registry that no endpoint serves. */
  | { readonly kind: 'unreachableRegistry'; readonly certain: boolean; readonly container: string; readonly what: string; readonly subnets: string[] }
  /** A container's logs go to a destination the check cannot judge. */
  | { readonly kind: 'unknownLogDestination'; readonly container: string; readonly what: string }
  /** A container's secret is in a store (Secrets Manager or Parameter Store) that is a deploy-time value. */
  | { readonly kind: 'unknownSecretStore'; readonly container: string; readonly what: string }
  /** An endpoint they need exists, but security-group rules keep TCP 443 from reaching it. */
  | {
    readonly kind: 'endpointUnreachable';
    readonly certain: boolean;
    readonly service: string;
    readonly side: 'egress' | 'ingress';
    readonly groups: string[];
    readonly reason?: string;
  };

/** The verdicts on one service's tasks, and where they are reported. */
export interface StartupJudgement {
  readonly service: ecs.BaseService;
  /** The service's resource: findings go there, so that an acknowledgement on the service applies. */
  readonly target: IConstruct;
  /** The access that speaks for the VPC (named in the fixes). */
  readonly access: AccessView;
  /** The container instances the tasks start from, for services on EC2 instances. */
  readonly instances?: string;
  readonly verdicts: StartupVerdict[];
}
