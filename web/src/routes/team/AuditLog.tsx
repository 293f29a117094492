import {
  Button,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from "@mui/material";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { api } from "../../api/client";
import { unwrap } from "../../api/problems";
import { can, type Me, membersQuery } from "../../api/queries";
import { QueryState } from "../../components/QueryState";

type Filters = { action: string; resource_type: string; since: string; until: string };
const EMPTY: Filters = { action: "", resource_type: "", since: "", until: "" };
const PAGE = 25;

/** A date input (YYYY-MM-DD) as the start of that day in UTC, which the API reads with a zone. */
function dayStart(day: string): string | undefined {
  return day ? `${day}T00:00:00Z` : undefined;
}

/** The organization's audit log, newest first: filters and cursor paging. */
export function AuditLog({ me }: { me: Me }) {
  const allowed = can(me, "audit:read");
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  // the cursors of the pages before this one, so "Newer" can go back
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  // actors are ids in the log: a member is named by their email where the caller may list them
  const members = useQuery({ ...membersQuery, enabled: can(me, "members:read") });
  const actorName = (id: string | null) =>
    (id && members.data?.find((m) => m.user_id === id)?.email) ?? id ?? "";
  const entries = useQuery({
    queryKey: ["audit-log", filters, cursor],
    enabled: allowed,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/audit-log", {
          params: {
            query: {
              action: filters.action || undefined,
              resource_type: filters.resource_type || undefined,
              since: dayStart(filters.since),
              until: dayStart(filters.until),
              limit: PAGE,
              cursor,
            },
          },
        }),
      ),
  });
  if (!allowed) {
    return <Typography color="text.secondary">Your role does not read the audit log.</Typography>;
  }
  const field = (name: keyof Filters) => ({
    value: draft[name],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [name]: e.target.value }),
  });
  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h2">
        Audit log
      </Typography>
      <Stack
        component="form"
        direction={{ xs: "column", sm: "row" }}
        spacing={1}
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
          setCursors([undefined]);
        }}
      >
        <TextField size="small" label="Action" placeholder="identity.api_key_created" {...field("action")} />
        <TextField size="small" label="Resource type" placeholder="brand" {...field("resource_type")} />
        <TextField size="small" type="date" label="From" slotProps={{ inputLabel: { shrink: true } }} {...field("since")} />
        <TextField size="small" type="date" label="Before" slotProps={{ inputLabel: { shrink: true } }} {...field("until")} />
        <Button type="submit" variant="outlined">
          Filter
        </Button>
      </Stack>
      <QueryState
        query={entries}
        empty={(page) => page.items.length === 0}
        emptyText="No entry matches."
      >
        {(page) => (
          <>
            <TableContainer>
              <Table size="small" aria-label="Audit log">
                <TableHead>
                  <TableRow>
                    <TableCell>When</TableCell>
                    <TableCell>Action</TableCell>
                    <TableCell>Resource</TableCell>
                    <TableCell>Actor</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {page.items.map((e) => (
                    <TableRow key={e.id}>
                      <TableCell>{new Date(e.occurred_at).toLocaleString()}</TableCell>
                      <TableCell>{e.action}</TableCell>
                      <TableCell sx={{ wordBreak: "break-all" }}>
                        {e.resource_type}
                        {e.resource_id ? ` ${e.resource_id}` : ""}
                      </TableCell>
                      <TableCell sx={{ wordBreak: "break-all" }}>
                        {e.actor.type} {actorName(e.actor.id)}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
            <Stack direction="row" spacing={1}>
              <Button
                disabled={cursors.length < 2}
                onClick={() => setCursors(cursors.slice(0, -1))}
              >
                Newer
              </Button>
              <Button
                disabled={!page.next_cursor}
                onClick={() => setCursors([...cursors, page.next_cursor ?? undefined])}
              >
                Older
              </Button>
            </Stack>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
