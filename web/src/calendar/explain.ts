/** What a refused schedule or move means, in the user's words, from the problem's code. */
import { ApiError } from "../api/problems";

const WHY: Record<string, string> = {
  publication_conflicts:
    "It clashes with the account's calendar (its daily cap, the minimum spacing between posts, or a blackout date):",
  publication_not_compliant: "The post breaks a rule of the channel or the brand:",
  version_not_approved: "The piece has no approved version to publish (it went back to review?).",
  account_not_publishable: "An account cannot take this post (switched off, gone, or an ad account).",
  publication_not_reschedulable:
    "It is being published or already out: it cannot move any more.",
  precondition_failed: "Someone changed it meanwhile: the calendar has been reloaded, try again.",
  reconciliation_required: "Its outcome is unknown: reconcile it first (it may be live).",
  nothing_to_reconcile: "There is nothing to reconcile: its outcome is known.",
  validation_failed: "The request was refused:",
};

/** A sentence explaining ``error`` (a 409/422 problem) or null when its detail says enough. */
export function explain(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const code = error.problem.code;
  if (code && WHY[code]) return WHY[code];
  if (error.status === 412) return WHY.precondition_failed ?? null;
  if (error.status === 409) return "It conflicts with the calendar as it is now:";
  if (error.status === 422) return "The API refused it:";
  return null;
}
