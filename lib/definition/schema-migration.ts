/**
 * An explicit, named migration on a topic or table that lets the synth accept a change the environment's schema lock
 * (`schemas/<env>.lock.json`) calls incompatible. It does not perform the change: the synth lists it as a warning
 * with the steps to take, and `pipelines schema lock` records the new schema afterwards. Remove it once recorded.
 * An enum-like class: compare by `id` (and `column`).
 */
export class SchemaMigration {
  /**
   * Accept dropping one column (a rename is a drop plus an add): its values are no longer read or written. On a
   * table, Iceberg drops it as a metadata change; data files keep the old values, unreadable under a new name.
   * @param column the column being dropped
   * @param reason why losing it is acceptable (kept in the plan and the deploy log)
   */
  public static dropColumn(column: string, reason: string): SchemaMigration {
    return new SchemaMigration('drop-column', reason, column);
  }

  /**
   * Accept every incompatible change of this topic or table (narrowed or retyped columns, a column made required, a
   * changed key, primary key or partition spec, fewer partitions): the operator rebuilds it — a new topic or table
   * under a new name, filled again from the source — because neither Kafka nor Iceberg can apply those in place.
   * A topic or table that takes the place of one the lock records under another name (a renamed table or topic, a
   * table in a renamed database) names it with `replaces`: the synth then accepts that the old one leaves the stack
   * (retained in the account where the environment retains data, no longer written) and the new one starts empty.
   * @param reason why and how it is rebuilt (kept in the plan and the deploy log)
   * @param replaces the one it replaces, as the lock names it: a topic's name, or a table's `<database>.<table>`
   */
  public static rebuild(reason: string, replaces?: string): SchemaMigration {
    return new SchemaMigration('rebuild', reason, undefined, replaces);
  }

  private constructor(
    public readonly id: 'drop-column' | 'rebuild',
    public readonly reason: string,
    /** `drop-column`: the column. */
    public readonly column?: string,
    /** `rebuild`: the topic (name) or table (`<database>.<table>`) of the lock that this one replaces. */
    public readonly replaces?: string,
  ) {}

  public toString(): string {
    if (this.id === 'drop-column') return `drop-column(${JSON.stringify(this.column)}, ${JSON.stringify(this.reason)})`;
    return `rebuild(${JSON.stringify(this.reason)}${this.replaces === undefined ? '' : `, ${JSON.stringify(this.replaces)}`})`;
  }
}
