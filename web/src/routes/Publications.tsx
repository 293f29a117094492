import {
  Button,
  Link as MuiLink,
  MenuItem,
  Paper,
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
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";

import { api } from "../api/client";
import { unwrap } from "../api/problems";
import { brandsQuery } from "../api/queries";
import type { operations } from "../api/schema";
import { statusLabel } from "../calendar/items";
import { accountsQuery, piecesQuery } from "../calendar/queries";
import { formatInstant } from "../calendar/zoned";
import { QueryState } from "../components/QueryState";
import { useAppSelector } from "../store";
import { StatusChip } from "./Publication";

type Status = NonNullable<
  NonNullable<operations["ApiV1PublicationsListPublications"]["parameters"]["query"]>["status"]
>[number];
const STATUSES: Status[] = [
  "scheduled",
  "claimed",
  "publishing",
  "outcome_unknown",
  "published",
  "failed",
  "missed",
  "cancelled",
  "taken_down",
];

/** Every publication of the brand, the latest due first: status per channel and why one failed. */
export default function Publications() {
  const brands = useQuery(brandsQuery);
  const chosen = useAppSelector((s) => s.workspace.brandId);
  return (
    <QueryState
      query={brands}
      empty={(b) => b.length === 0}
      emptyText="No brand yet: create one under Brands first."
    >
      {(list) => {
        const brand = list.find((b) => b.id === chosen) ?? list[0];
        return brand ? <BrandPublications key={brand.id} brandId={brand.id} zone={brand.time_zone} /> : null;
      }}
    </QueryState>
  );
}

function BrandPublications({ brandId, zone }: { brandId: string; zone: string }) {
  const [status, setStatus] = useState<Status | "">("");
  const accounts = useQuery(accountsQuery(brandId));
  const pieces = useQuery(piecesQuery(brandId));
  const pages = useInfiniteQuery({
    queryKey: ["publications", "list", brandId, status],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.GET("/api/v1/publications", {
          params: {
            query: {
              brand_id: brandId,
              sort: "-due_at",
              limit: 50,
              cursor: pageParam,
              status: status ? [status] : undefined,
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const names = new Map((accounts.data ?? []).map((a) => [a.id, a.name]));
  const titles = new Map((pieces.data ?? []).map((p) => [p.id, p.title || "Untitled"]));
  const rows = pages.data?.pages.flatMap((p) => p.items);
  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        Publications
      </Typography>
      <TextField
        select
        label="Status"
        value={status}
        onChange={(e) => setStatus(e.target.value as Status | "")}
        sx={{ maxWidth: 240 }}
      >
        <MenuItem value="">Any</MenuItem>
        {STATUSES.map((s) => (
          <MenuItem key={s} value={s}>
            {statusLabel(s)}
          </MenuItem>
        ))}
      </TextField>
      <QueryState
        query={{ ...pages, data: rows }}
        empty={(r) => r.length === 0}
        emptyText="No publication yet: schedule a post on the calendar."
      >
        {(items) => (
          <TableContainer component={Paper}>
            <Table size="small" aria-label="Publications">
              <TableHead>
                <TableRow>
                  <TableCell>Piece</TableCell>
                  <TableCell>Account</TableCell>
                  <TableCell>Due ({zone})</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>Why it failed</TableCell>
                  <TableCell>Live post</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell>
                      <MuiLink component={Link} to={`/publications/${p.id}`}>
                        {titles.get(p.content_id) ?? "Publication"}
                      </MuiLink>
                    </TableCell>
                    <TableCell>{names.get(p.channel_account_id) ?? p.channel}</TableCell>
                    <TableCell>{formatInstant(new Date(p.due_at), zone)}</TableCell>
                    <TableCell>
                      <StatusChip status={p.status} />
                    </TableCell>
                    <TableCell>
                      {p.failure ? `${statusLabel(p.failure.reason)}: ${p.failure.detail}` : "—"}
                    </TableCell>
                    <TableCell>
                      {p.remote_url ? (
                        <MuiLink href={p.remote_url} target="_blank" rel="noopener noreferrer">
                          Open
                        </MuiLink>
                      ) : (
                        "—"
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </QueryState>
      {pages.hasNextPage ? (
        <Button onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          More
        </Button>
      ) : null}
    </Stack>
  );
}
