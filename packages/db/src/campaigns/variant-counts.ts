import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

/**
 * Moves an A/B split's per-variant counts (`campaign_variant_counts`) by the recipients just
 * skipped or refused, each given by its variant (null, a single campaign's, counts nowhere).
 * Called in the transaction that marks them, so the counts stay those of the rows.
 */
export async function addToVariantCounts(
  trx: Kysely<DB>,
  campaignId: string,
  column: "skipped" | "refused",
  variants: readonly (number | null)[],
): Promise<void> {
  const byVariant = new Map<number, number>();
  for (const variant of variants)
    if (variant !== null) byVariant.set(variant, (byVariant.get(variant) ?? 0) + 1);
  if (byVariant.size === 0) return;
  await sql`
    UPDATE campaign_variant_counts v SET ${sql.ref(column)} = v.${sql.ref(column)} + a.n
    FROM unnest(${[...byVariant.keys()]}::smallint[], ${[...byVariant.values()]}::int[]) AS a(variant, n)
    WHERE v.campaign_id = ${campaignId} AND v.variant = a.variant`.execute(trx);
}
