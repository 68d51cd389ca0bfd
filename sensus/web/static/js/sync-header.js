// @ts-check
// Which household a queued server write is for: the server refuses it under another
// household's session (409 other_household), so work left on a shared phone never lands in
// the next household's record.
export const HOUSEHOLD_HEADER = "X-Sensus-Household";
