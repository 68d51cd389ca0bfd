// Sign out on a shared phone: end the session on the server, then back to the start.
import { api } from "./api.js";

document.getElementById("sign-out").addEventListener("click", async () => {
  try {
    await api("DELETE", "/self-response/session");
  } finally {
    window.location.assign("/");
  }
});
