/**
 * The OAuth round trip in a popup, so the app keeps its state (and its in-memory access token).
 *
 * The window is opened on the click (a popup opened after an await is blocked), then sent to
 * the provider. The flow ends on this origin: at the API's callback (its JSON answer: the
 * integration or a problem) or at UMT_INTEGRATIONS_RETURN_URL (`?integration_id=…&status=…`).
 * Once the popup is back on this origin the opener reads the outcome and closes it; while it is
 * at the provider, reading its location throws, which only means "not done yet".
 */
export type PopupOutcome =
  | { kind: "done"; problem: unknown }
  | { kind: "closed" };

const CALLBACK = /\/api\/v1\/integrations\/[^/]+\/callback$/;

export function openBlankPopup(): Window | null {
  return window.open("", "umt-oauth", "popup,width=560,height=720");
}

/** What the popup's page says once the flow is back here, or null while it is elsewhere. */
function outcomeOf(popup: Window): PopupOutcome | null {
  let href: string;
  try {
    href = popup.location.href;
  } catch {
    return null; // at the provider: another origin
  }
  if (href === "about:blank" || popup.document.readyState !== "complete") return null;
  const url = new URL(href);
  if (url.origin !== window.location.origin) return null;
  if (url.searchParams.has("integration_id")) return { kind: "done", problem: null };
  if (!CALLBACK.test(url.pathname)) return null;
  try {
    const answer = JSON.parse(popup.document.body.innerText) as Record<string, unknown>;
    const failed = typeof answer.status === "number" && answer.status >= 400;
    return { kind: "done", problem: failed ? answer : null };
  } catch {
    return { kind: "done", problem: { detail: "the connection could not be completed" } };
  }
}

/** Sends the popup to ``url`` and resolves when the flow is back here or the user closed it. */
export function followPopup(popup: Window, url: string, everyMs = 400): Promise<PopupOutcome> {
  popup.location.href = url;
  return new Promise((resolve) => {
    const timer = window.setInterval(() => {
      if (popup.closed) {
        window.clearInterval(timer);
        resolve({ kind: "closed" });
        return;
      }
      const outcome = outcomeOf(popup);
      if (outcome) {
        window.clearInterval(timer);
        popup.close();
        resolve(outcome);
      }
    }, everyMs);
  });
}
