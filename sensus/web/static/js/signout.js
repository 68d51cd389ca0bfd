// @ts-check
// Sign out on a shared phone: end the session on the server, forget this household's work
// on the device (when nothing is left unsent), then back to the start. The household app
// takes the click over (`sensus:sign-out`) to warn first when answers are not on the server.
import { api } from "./api.js";
import { forgetHousehold, openLocal } from "./local.js";
import { t } from "./i18n.js";

/** Sign out; `forget`: also clear this household's work from the device. */
export async function signOut(forget) {
  try {
    await api("DELETE", "/self-response/session");
  } catch (error) {
    // Without signal the session cannot be ended here: say so rather than pretend.
    if (error.status === 0) return window.alert(t("signout_needs_signal"));
  }
  if (forget) {
    const store = await openLocal();
    if (store) await forgetHousehold(store).catch(() => {});
  }
  window.location.assign("/");
}

document.getElementById("sign-out").addEventListener("click", () => {
  const asked = new CustomEvent("sensus:sign-out", { cancelable: true });
  // No app took it over (the receipt page): the household's work is on the server.
  if (window.dispatchEvent(asked)) signOut(true);
});
