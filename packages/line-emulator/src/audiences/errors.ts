import { type LineError, lineError } from "../messaging/errors.ts";

// Audience endpoints answer with an error code in `details[].message`
// (REF#manage-audience-error): `{"message": CODE, "details": [{"message": CODE, "property": …}]}`.

export type AudienceErrorCode =
  | "AUDIENCE_GROUP_CAN_NOT_UPLOAD_STATUS_EXPIRED"
  | "AUDIENCE_GROUP_COUNT_MAX_OVER"
  | "AUDIENCE_GROUP_NAME_SIZE_OVER"
  | "AUDIENCE_GROUP_NAME_WRONG"
  | "AUDIENCE_GROUP_NAME_EMPTY"
  | "AUDIENCE_GROUP_REQUESTID_DUPLICATE"
  | "AUDIENCE_GROUP_UPLOAD_DESCRIPTION_SIZE_OVER"
  | "REQUEST_NOT_FOUND"
  | "TOO_OLD_MESSAGES"
  | "UPLOAD_AUDIENCE_GROUP_INVALID_AUDIENCE_ID_FORMAT"
  | "UPLOAD_AUDIENCE_GROUP_NO_VALID_AUDIENCE_IDS"
  | "UPLOAD_AUDIENCE_GROUP_TOO_MANY_AUDIENCE_IDS";

export function audienceError(code: AudienceErrorCode, property?: string): LineError {
  return {
    status: 400,
    body: { message: code, details: [{ message: code, ...(property ? { property } : {}) }] },
  } as LineError;
}

/** As in manage-audience.yml's example for an unknown audience ID. */
export const AUDIENCE_GROUP_NOT_FOUND: LineError = {
  status: 400,
  body: { message: "audience group not found", details: [{ message: "AUDIENCE_GROUP_NOT_FOUND" }] },
} as LineError;

export const badRequest = (message: string): LineError => lineError(400, message);
