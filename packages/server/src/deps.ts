import type { SecondFactorKind, SecretBox } from "@kizuna/core";
import type { Database } from "@kizuna/db";

export interface ServerDeps {
  database: Database;
  secretBox: SecretBox;
  /** Where LINE and browsers reach this server, e.g. https://crm.example.jp */
  publicUrl: string;
  /** Built admin UI (packages/web/dist); absent serves the API only. */
  webDist?: string | undefined;
  /** ID linking: the company's credential check and the default second factor. */
  linking?: LinkingConfig | undefined;
  /**
   * Aggregation unit names LINE assigns a channel a month (1,000): the pre-send summary warns
   * near it. Lower only in tests, with the emulator's limit set alike.
   */
  aggregationUnitLimit?: number | undefined;
}

export interface LinkingConfig {
  /** LINK_VERIFY_URL: POST {loginId, password} → 200 {externalId} | 401, for the hosted sign-in page. */
  verifyUrl?: string | undefined;
  /** LINK_VERIFY_TOKEN: sent as `Authorization: Bearer …` so the endpoint knows it is Kizuna. */
  verifyToken?: string | undefined;
  /** LINK_MATCH_SECOND_FACTOR: what matching asks besides the identifier, unless a channel says otherwise. */
  matchSecondFactor?: SecondFactorKind | undefined;
  /** Demo mode: serve the demo members' credential check (linking/demo-verify.ts). */
  demoVerify?: boolean | undefined;
}
