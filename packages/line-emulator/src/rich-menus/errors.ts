import { type LineError, lineError } from "../messaging/errors.ts";

// LINE's answers for rich menu requests, in its own words (REF#rich-menu). Where LINE's examples
// carry an empty `details` array, so do these.

function withEmptyDetails(status: number, message: string): LineError {
  return { status, body: { message, details: [] } };
}

export const MENU_NOT_FOUND = lineError(404, "Not found");
export const NO_IMAGE = withEmptyDetails(
  400,
  "must upload richmenu image before applying it to user",
);
export const INVALID_USER_ID = lineError(400, "The value for the 'userId' parameter is invalid");
export const IMAGE_ALREADY_UPLOADED = lineError(
  400,
  "An image has already been uploaded to the richmenu",
);
export const IMAGE_NOT_ALLOWED = lineError(400, "The image size is not allowed for richmenu");
export const USER_HAS_NO_MENU = withEmptyDetails(404, "the user has no richmenu");
export const NO_DEFAULT_MENU = withEmptyDetails(404, "no default richmenu");
export const ALIAS_NOT_FOUND = withEmptyDetails(404, "richmenu alias not found");
/** Alias requests naming a menu that is missing or has no image (400, not 404). */
export const ALIAS_MENU_NOT_FOUND = withEmptyDetails(400, "richmenu not found");
export const ALIAS_CONFLICT = withEmptyDetails(400, "conflict richmenu alias id");
// LINE documents these limits but not their wording.
export const TOO_MANY_MENUS = lineError(
  400,
  "The maximum number of rich menus (1000) has been reached",
);
export const TOO_MANY_ALIASES = lineError(
  400,
  "The maximum number of rich menu aliases (1000) has been reached",
);
