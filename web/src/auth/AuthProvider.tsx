import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

import { session, type AccessToken } from "./session";

type AuthState = { status: "starting" | "signed-in" | "signed-out"; token: AccessToken | null };

const AuthContext = createContext<AuthState>({ status: "starting", token: null });

/** Resumes the session from the cookie at start, then follows the session's changes. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [state, setState] = useState<AuthState>(() => {
    const token = session.current();
    return token ? { status: "signed-in", token } : { status: "starting", token: null };
  });

  useEffect(() => {
    const unsubscribe = session.subscribe((token) => {
      setState({ status: token ? "signed-in" : "signed-out", token });
      if (!token) queries.clear(); // nothing of the last user stays in the cache
    });
    if (!session.current()) {
      session.refresh().catch(() => setState({ status: "signed-out", token: null }));
    }
    return () => {
      unsubscribe();
    };
  }, [queries]);

  return <AuthContext.Provider value={state}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  return useContext(AuthContext);
}
