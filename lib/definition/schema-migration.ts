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
   * @param reason why and how it is rebuilt (kept in the plan and the deploy log)
   */
  public static rebuild(reason: string): SchemaMigration {
    return new SchemaMigration('rebuild', reason);
  }

  private constructor(
    public readonly id: 'drop-column' | 'rebuild',
    public readonly reason: string,
    /** `drop-column`: the column. */
    public readonly column?: string,
  ) {}

  public toString(): string {
    return this.id === 'drop-column' ? `drop-column(${JSON.stringify(this.column)}, ${JSON.stringify(this.reason)})` : `rebuild(${JSON.stringify(this.reason)})`;
  }
}
