import { Stack, Tab, Tabs, Typography } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";

import { can, meQuery } from "../api/queries";
import { QueryState } from "../components/QueryState";
import { ApiKeys } from "./team/ApiKeys";
import { AuditLog } from "./team/AuditLog";
import { Invitations } from "./team/Invitations";
import { Members } from "./team/Members";
import { Webhooks } from "./team/Webhooks";

const TABS = [
  { id: "members", label: "Members", permission: "members:read" },
  { id: "api-keys", label: "API keys", permission: "api_keys:manage" },
  { id: "webhooks", label: "Webhooks", permission: "webhooks:manage" },
  { id: "audit", label: "Audit log", permission: "audit:read" },
] as const;

/** Team and settings: members and invitations, API keys, webhooks, the audit log. */
export default function Team() {
  const me = useQuery(meQuery);
  const [params, setParams] = useSearchParams();
  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        Team and settings
      </Typography>
      <QueryState query={me}>
        {(me) => {
          // only the sections the caller's role may open
          const tabs = TABS.filter((t) => can(me, t.permission));
          const asked = params.get("tab");
          const current = tabs.find((t) => t.id === asked)?.id ?? tabs[0]?.id;
          if (!current) {
            return <Typography color="text.secondary">Your role has no team settings.</Typography>;
          }
          return (
            <>
              <Tabs
                value={current}
                onChange={(_, value: string) => setParams({ tab: value })}
                variant="scrollable"
                allowScrollButtonsMobile
                aria-label="Team sections"
              >
                {tabs.map((t) => (
                  <Tab key={t.id} value={t.id} label={t.label} id={`tab-${t.id}`} aria-controls="team-panel" />
                ))}
              </Tabs>
              <Stack spacing={4} role="tabpanel" id="team-panel" aria-labelledby={`tab-${current}`}>
                {current === "members" ? (
                  <>
                    <Members me={me} />
                    <Invitations me={me} />
                  </>
                ) : null}
                {current === "api-keys" ? <ApiKeys me={me} /> : null}
                {current === "webhooks" ? <Webhooks me={me} /> : null}
                {current === "audit" ? <AuditLog me={me} /> : null}
              </Stack>
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}
