import type { SecretBox } from "@kizuna/core";
import type { Database } from "@kizuna/db";

export interface ServerDeps {
  database: Database;
  secretBox: SecretBox;
  /** Where LINE and browsers reach this server, e.g. https://crm.example.jp */
  publicUrl: string;
  /** Built admin UI (packages/web/dist); absent serves the API only. */
  webDist?: string | undefined;
}
