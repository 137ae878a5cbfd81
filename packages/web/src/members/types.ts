import type {
  CsvEncoding,
  ImportMapping,
  MappingProblem,
  Member,
  MemberAttributeDefinition,
  MemberUpsert,
  RowErrorCode,
} from "@kizuna/core/members";

export type { CsvEncoding, ImportMapping, MappingProblem, Member, MemberAttributeDefinition };

export interface MemberPage {
  members: Member[];
  nextCursor: string | null;
}

export type ImportStatus = "uploading" | "uploaded" | "queued" | "running" | "done" | "failed";

/** A member import as the admin API returns it (dates as ISO strings). */
export interface MemberImport {
  id: string;
  fileName: string;
  encoding: CsvEncoding;
  byteSize: number;
  mapping: ImportMapping | null;
  dryRun: boolean;
  status: ImportStatus;
  totalRows: number;
  processedRows: number;
  acceptedRows: number;
  createdRows: number;
  updatedRows: number;
  unchangedRows: number;
  rejectedRows: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RowProblem {
  code: RowErrorCode;
  field: string;
}

export interface PreviewRow {
  line: number;
  cells: string[];
  member?: MemberUpsert;
  errors?: RowProblem[];
}

/** The file's header, the mapping in use and the first rows checked against it. */
export interface ImportPreview {
  import: MemberImport;
  encoding: CsvEncoding;
  headers: string[];
  suggestedMapping: ImportMapping;
  mapping: ImportMapping;
  problems: MappingProblem[];
  rows: PreviewRow[];
}

export interface Rejection {
  line: number;
  errors: RowProblem[];
  raw: string;
}
