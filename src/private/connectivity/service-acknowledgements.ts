import { IConstruct } from 'constructs';

/*
 * What users say of a client's path to one service (`PrivateDynamoAccess.acknowledgeServicePath`): it
 * reaches that service another way (a proxy, a route the check cannot see). The connectivity check's
 * runtime rule stays silent on that service for that client; its other findings, DynamoDB's included,
 * stay on. Internal module.
 */

const ACKNOWLEDGED = new WeakMap<IConstruct, Map<string, string>>();

/** Records that `client` reaches `service` another way, and why. */
export function recordServicePath(client: IConstruct, service: string, reason: string): void {
  const services = ACKNOWLEDGED.get(client) ?? new Map<string, string>();
  services.set(service, reason);
  ACKNOWLEDGED.set(client, services);
}

/** Whether one of the client's scopes (the client, its task definition, ...) is acknowledged to reach the service another way. */
export function isServicePathAcknowledged(scopes: IConstruct[], service: string): boolean {
  return scopes.some((scope) => ACKNOWLEDGED.get(scope)?.has(service) === true);
}
