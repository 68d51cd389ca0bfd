// Saving the household's draft (PUT /self-response/draft) with its version. Saves run one
// at a time: two overlapping saves would carry the same version and the second would be
// refused as stale by our own first one.
import { api } from "./api.js";

/**
 * `onStatus(state)` hears "saving" | "saved" | "unsaved"; `onConflict(error)` hears a 409
 * (stale_draft with the server's {version, document}, or already_submitted).
 */
export function draftSaver({ version, onStatus, onConflict }) {
  let current = version;
  let queue = Promise.resolve();
  let lastSaved = null;

  async function put(doc) {
    const body = JSON.stringify(doc);
    if (body === lastSaved) return;
    onStatus("saving");
    try {
      const answer = await api("PUT", "/self-response/draft", { version: current, document: doc });
      current = answer.version;
      lastSaved = body;
      onStatus("saved");
    } catch (error) {
      if (error.status === 409) {
        if (error.detail?.version != null) current = error.detail.version;
        lastSaved = null;
        onStatus("saved");
        onConflict(error);
      } else {
        onStatus("unsaved");
      }
    }
  }

  return {
    /** Save a snapshot of `doc`; resolves when it (and every earlier save) has finished. */
    save(doc) {
      const snapshot = structuredClone(doc);
      queue = queue.then(() => put(snapshot));
      return queue;
    },
    get version() {
      return current;
    },
  };
}
