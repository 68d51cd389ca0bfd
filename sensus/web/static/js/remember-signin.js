// @ts-check
// After a successful sign-in: keep the household's numbers on this device (with its
// answers), so that a session ending while answers wait to be sent asks only for the
// password; and set aside any other household's work left on this device (a shared phone),
// before the household app could show it or send it. Forgotten at sign-out. Loaded only
// after signing in, never before the sign-in page is usable.
import { RECORDS, openLocal } from "./local.js";
import { HOUSEHOLD_HEADER } from "./sync-header.js";

const OTHER = "other household";
const refOf = (store, record) => (store === "outbox" ? record.headers?.[HOUSEHOLD_HEADER] : record.household_ref);

export async function rememberSignIn(household, kk, nik) {
  const store = await openLocal();
  const ref = household?.ref;
  if (!store || !ref) return;
  for (const key of ["document", "household", "signin"]) {
    const record = await store.get(RECORDS, key);
    if (record && record.household_ref !== ref) await store.setAside(RECORDS, key, record, OTHER);
  }
  for (const entry of await store.all("outbox")) {
    if (refOf("outbox", entry) !== ref) await store.setAside("outbox", entry.key, entry, OTHER);
  }
  // This household's own work, set aside while another household used this phone, returns;
  // its waits are over (a new session, perhaps hours later).
  await store.restore([RECORDS, "outbox"], OTHER, (entry) => refOf(entry.store, entry.record) === ref,
    (entry) => (entry.store === "outbox" ? { ...entry.record, not_before: 0, waiting: null } : entry.record));
  await store.put(RECORDS, { key: "signin", household_ref: ref, kk, nik });
}
