/**
 * The signed-in session as the app holds it: the access token in memory only (never in
 * storage), the refresh token in an HttpOnly cookie the app cannot read (POST
 * /api/v1/auth/session sets it).
 *
 * Refreshing spends the cookie's token, and presenting a spent token again ends the whole
 * sign-in (reuse detection). Two tabs refreshing at once would do exactly that, so a refresh
 * runs under a Web Lock shared by every tab of the origin: the second tab waits, then redeems
 * the cookie the first one left (the browser updated it), never the spent one. Within a tab,
 * concurrent callers share one refresh promise. Signing out is broadcast to every tab.
 */

export type AccessToken = {
  accessToken: string;
  organizationId: string;
  expiresAt: number; // ms since the epoch
};

type Listener = (token: AccessToken | null) => void;

const LOCK = "umt-session-refresh";
const CHANNEL = "umt-session";
export const CSRF_HEADERS = { "X-UMT-CSRF": "1" } as const;

type SessionAnswer = {
  access_token: string;
  token_type: string;
  expires_in: number;
  organization_id: string;
};

export class SessionError extends Error {
  readonly status: number;
  readonly problem: unknown;
  constructor(status: number, problem: unknown) {
    super(`session request failed with ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

function fromAnswer(answer: SessionAnswer, now: number): AccessToken {
  return {
    accessToken: answer.access_token,
    organizationId: answer.organization_id,
    expiresAt: now + answer.expires_in * 1000,
  };
}

async function post(path: string, body: unknown, guarded: boolean): Promise<Response> {
  return fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", ...(guarded ? CSRF_HEADERS : {}) },
    body: JSON.stringify(body),
  });
}

async function problemOf(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** Runs ``task`` holding the origin-wide refresh lock (or alone, where Web Locks is missing). */
async function underLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks) return task();
  return locks.request(LOCK, { mode: "exclusive" }, task) as Promise<T>;
}

export class Session {
  private token: AccessToken | null = null;
  private inFlight: Promise<AccessToken | null> | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly channel: BroadcastChannel | null;
  private readonly clock: () => number;

  constructor(clock: () => number = Date.now) {
    this.clock = clock;
    this.channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel(CHANNEL) : null;
    this.channel?.addEventListener("message", (event: MessageEvent) => {
      const data = event.data as { kind: string; token?: AccessToken };
      if (data.kind === "signed-out") this.set(null, false);
      // another tab refreshed: its access token is as good as ours would be
      if (data.kind === "refreshed" && data.token) this.set(data.token, false);
    });
  }

  current(): AccessToken | null {
    return this.token;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async signIn(email: string, password: string, organizationId?: string): Promise<AccessToken> {
    return this.start("/api/v1/auth/session", {
      email,
      password,
      ...(organizationId ? { organization_id: organizationId } : {}),
    });
  }

  /** Joins the organization of a mailed invitation and signs in (the cookie, as signIn). */
  async acceptInvitation(token: string, password: string, displayName?: string) {
    return this.start("/api/v1/auth/session/invitation", {
      token,
      password,
      ...(displayName ? { display_name: displayName } : {}),
    });
  }

  private async start(path: string, body: unknown): Promise<AccessToken> {
    const response = await post(path, body, false);
    if (!response.ok) throw new SessionError(response.status, await problemOf(response));
    const token = fromAnswer((await response.json()) as SessionAnswer, this.clock());
    this.set(token, true);
    return token;
  }

  /** A fresh access token from the cookie (single-flight in the tab, locked across tabs). */
  refresh(organizationId?: string): Promise<AccessToken | null> {
    if (this.inFlight && !organizationId) return this.inFlight;
    const before = this.token;
    const run = underLock(async () => {
      // a tab that waited for the lock may find that another tab already refreshed
      if (!organizationId && this.token && this.token !== before && !this.expiring(this.token)) {
        return this.token;
      }
      const body = organizationId ? { organization_id: organizationId } : {};
      const response = await post("/api/v1/auth/session/refresh", body, true);
      if (response.status === 401) {
        this.set(null, false);
        return null;
      }
      if (!response.ok) throw new SessionError(response.status, await problemOf(response));
      const token = fromAnswer((await response.json()) as SessionAnswer, this.clock());
      this.set(token, true);
      return token;
    }).finally(() => {
      if (this.inFlight === run) this.inFlight = null;
    });
    if (!organizationId) this.inFlight = run;
    return run;
  }

  /** The access token to send now: refreshed first when it runs out within 30 s. */
  async usable(): Promise<AccessToken | null> {
    if (this.token && !this.expiring(this.token)) return this.token;
    return this.refresh();
  }

  async signOut(): Promise<void> {
    try {
      await post("/api/v1/auth/session/logout", {}, true);
    } finally {
      this.set(null, false);
      this.channel?.postMessage({ kind: "signed-out" });
    }
  }

  private expiring(token: AccessToken): boolean {
    return token.expiresAt - this.clock() < 30_000;
  }

  private set(token: AccessToken | null, announce: boolean): void {
    this.token = token;
    if (announce && token) this.channel?.postMessage({ kind: "refreshed", token });
    for (const listener of this.listeners) listener(token);
  }
}

export const session = new Session();
