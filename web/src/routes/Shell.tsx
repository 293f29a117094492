import {
  AppBar,
  Box,
  Button,
  Drawer,
  FormControl,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  MenuItem,
  Select,
  Toolbar,
  Typography,
  useMediaQuery,
} from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { NavLink, Navigate, Outlet, useLocation } from "react-router";

import { brandsQuery, meQuery } from "../api/queries";
import { useAuth } from "../auth/AuthProvider";
import { session } from "../auth/session";
import { chooseBrand, useAppDispatch, useAppSelector } from "../store";

const DRAWER = 220;
const NONE: never[] = [];
const SECTIONS = [
  { to: "/brands", label: "Brands" },
  { to: "/content", label: "Content" },
  { to: "/calendar", label: "Calendar" },
  { to: "/publications", label: "Publications" },
  { to: "/integrations", label: "Integrations" },
  { to: "/team", label: "Team and settings" },
];

/** The signed-in frame: top bar (brand and organization switchers, sign out) and navigation. */
export default function Shell() {
  const auth = useAuth();
  const location = useLocation();
  const narrow = useMediaQuery("(max-width: 720px)");
  if (auth.status === "starting") {
    return (
      <Typography role="status" sx={{ p: 3 }}>
        Loading…
      </Typography>
    );
  }
  if (auth.status === "signed-out") {
    return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  }
  return (
    <Box sx={{ display: "flex", minHeight: "100vh" }}>
      <AppBar position="fixed" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
        <Toolbar sx={{ gap: 2, flexWrap: "wrap" }}>
          <Typography variant="h6" component="p" sx={{ flexGrow: 1 }}>
            umt
          </Typography>
          <BrandSwitcher />
          <OrganizationSwitcher />
          <Button color="inherit" onClick={() => void session.signOut()}>
            Sign out
          </Button>
        </Toolbar>
      </AppBar>
      <Drawer
        variant="permanent"
        sx={{
          width: narrow ? 0 : DRAWER,
          display: narrow ? "none" : "block",
          "& .MuiDrawer-paper": { width: DRAWER, boxSizing: "border-box" },
        }}
      >
        <Toolbar />
        <nav aria-label="Sections">
          <List>
            {SECTIONS.map((s) => (
              <ListItem key={s.to} disablePadding>
                <ListItemButton component={NavLink} to={s.to}>
                  <ListItemText primary={s.label} />
                </ListItemButton>
              </ListItem>
            ))}
          </List>
        </nav>
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, p: { xs: 1.5, sm: 3 }, minWidth: 0 }}>
        <Toolbar />
        {narrow ? (
          <nav aria-label="Sections">
            {SECTIONS.map((s) => (
              <Button key={s.to} component={NavLink} to={s.to}>
                {s.label}
              </Button>
            ))}
          </nav>
        ) : null}
        <Outlet />
      </Box>
    </Box>
  );
}

function BrandSwitcher() {
  const brands = useQuery(brandsQuery);
  const chosen = useAppSelector((s) => s.workspace.brandId);
  const dispatch = useAppDispatch();
  const items = brands.data ?? NONE;
  const known = items.some((b) => b.id === chosen);
  const first = items[0]?.id ?? null;

  useEffect(() => {
    // the remembered brand is gone (archived, another organization): take the first one
    if (brands.isSuccess && !known) dispatch(chooseBrand(first));
  }, [brands.isSuccess, known, first, dispatch]);

  if (!items.length) return null;
  return (
    <FormControl size="small" sx={{ minWidth: 180, bgcolor: "background.paper", borderRadius: 1 }}>
      <Select
        inputProps={{ "aria-label": "Brand" }}
        value={known ? (chosen ?? "") : ""}
        onChange={(e) => dispatch(chooseBrand(String(e.target.value)))}
      >
        {items.map((b) => (
          <MenuItem key={b.id} value={b.id}>
            {b.name}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

function OrganizationSwitcher() {
  const me = useQuery(meQuery);
  if (!me.data || me.data.memberships.length < 2) return null;
  return (
    <FormControl size="small" sx={{ minWidth: 180, bgcolor: "background.paper", borderRadius: 1 }}>
      <Select
        inputProps={{ "aria-label": "Organization" }}
        value={me.data.organization.id}
        onChange={(e) => void session.refresh(String(e.target.value))}
      >
        {me.data.memberships.map((m) => (
          <MenuItem key={m.organization_id} value={m.organization_id}>
            {m.organization_name ?? m.organization_id}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
