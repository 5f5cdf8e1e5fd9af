/**
 * A tag that admits a table through the endpoint: the endpoint policy admits every table of the stack's
 * account and region that carries it (with the table's indexes, which inherit its tags), through the
 * `aws:ResourceTag/<key>` condition of DynamoDB's attribute-based access control (ABAC).
 *
 * The policy has the same size whatever the number of tables. Where ABAC is off for the account,
 * DynamoDB sends no tags with a request, the condition cannot match, and tagged tables are refused too:
 * the perimeter fails closed. The tag admits tables and indexes; the stream actions are admitted on the
 * streams of the account's tables, since a stream has tags of its own, evaluated only where Streams ABAC is on.
 *
 * @example const tableTag: TableTag = { key: 'data-perimeter', value: 'orders-vpc' };
 */
export interface TableTag {
  /**
   * The tag's key: 1 to 128 characters (letters, digits, spaces and `_ . : / = + - @`), not starting
   * with `aws:`.
   */
  readonly key: string;

  /**
   * The tag's value: 0 to 256 characters (letters, digits, spaces and `_ . : / = + - @`).
   */
  readonly value: string;
}
