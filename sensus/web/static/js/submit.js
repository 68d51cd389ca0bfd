// Submitting the household: one client-made submission_id per document, kept across
// retries so that a submission whose answer was lost on the network is stored only once.
import { api } from "./api.js";
import { uuid } from "./household-doc.js";

export function submitter() {
  let pending = null; // {id, body}: the attempt a retry must repeat exactly

  return async function submit(doc) {
    const body = JSON.stringify(doc);
    if (!pending || pending.body !== body) pending = { id: uuid(), body };
    try {
      return await api("POST", "/self-response/submissions", { submission_id: pending.id, document: doc });
    } catch (error) {
      // A refusal stored nothing: the corrected document gets a fresh id.
      if (!error.retryable) pending = null;
      throw error;
    }
  };
}
