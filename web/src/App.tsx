import { CssBaseline, ThemeProvider } from "@mui/material";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense, useState, type ReactNode } from "react";
import { Provider } from "react-redux";
import { createBrowserRouter, Navigate, RouterProvider } from "react-router";

import { ApiError } from "./api/problems";
import { AuthProvider } from "./auth/AuthProvider";
import { makeStore } from "./store";
import { theme } from "./theme";

// Each screen is its own chunk: the first page loads only what it shows.
const SignIn = lazy(() => import("./routes/SignIn"));
const Register = lazy(() => import("./routes/Register"));
const Shell = lazy(() => import("./routes/Shell"));
const Brands = lazy(() => import("./routes/Brands"));
const BrandWorkspace = lazy(() => import("./routes/BrandWorkspace"));
const ContentLibrary = lazy(() => import("./routes/ContentLibrary"));
const ContentEditor = lazy(() => import("./routes/ContentEditor"));
const Calendar = lazy(() => import("./routes/Calendar"));
const Publications = lazy(() => import("./routes/Publications"));
const PublicationScreen = lazy(() => import("./routes/Publication"));
const AcceptInvitation = lazy(() => import("./routes/AcceptInvitation"));
const Team = lazy(() => import("./routes/Team"));
const Integrations = lazy(() => import("./routes/Integrations"));
const NotFound = lazy(() => import("./routes/NotFound"));

function page(node: ReactNode) {
  return <Suspense fallback={<p role="status">Loading…</p>}>{node}</Suspense>;
}

export const routes = [
  { path: "/sign-in", element: page(<SignIn />) },
  { path: "/register", element: page(<Register />) },
  { path: "/accept-invitation", element: page(<AcceptInvitation />) },
  {
    path: "/",
    element: page(<Shell />),
    children: [
      { index: true, element: <Navigate to="/brands" replace /> },
      { path: "brands", element: page(<Brands />) },
      { path: "brands/:brandId", element: page(<BrandWorkspace />) },
      { path: "content", element: page(<ContentLibrary />) },
      { path: "content/:contentId", element: page(<ContentEditor />) },
      { path: "calendar", element: page(<Calendar />) },
      { path: "publications", element: page(<Publications />) },
      { path: "publications/:publicationId", element: page(<PublicationScreen />) },
      { path: "integrations", element: page(<Integrations />) },
      { path: "team", element: page(<Team />) },
    ],
  },
  { path: "*", element: page(<NotFound />) },
];

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // a 4xx will not change by asking again; a network error or a 5xx may
        retry: (count, error) =>
          count < 2 && !(error instanceof ApiError && error.status < 500),
      },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queries] = useState(makeQueryClient);
  const [store] = useState(makeStore);
  return (
    <Provider store={store}>
      <QueryClientProvider client={queries}>
        <ThemeProvider theme={theme}>
          <CssBaseline />
          <AuthProvider>{children}</AuthProvider>
        </ThemeProvider>
      </QueryClientProvider>
    </Provider>
  );
}

export default function App() {
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <Providers>
      <RouterProvider router={router} />
    </Providers>
  );
}
