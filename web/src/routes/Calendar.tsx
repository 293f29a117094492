import {
  Alert,
  Box,
  Button,
  Stack,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
  useMediaQuery,
} from "@mui/material";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";

import { api } from "../api/client";
import { unwrap } from "../api/problems";
import { brandsQuery } from "../api/queries";
import { CalendarGrid, landing, type View } from "../calendar/CalendarGrid";
import { ExplainedProblem } from "../calendar/Explained";
import { groupItems, type Item, type Slot } from "../calendar/items";
import {
  accountsQuery,
  calendarQuery,
  integrationsQuery,
  MOVABLE,
  piecesQuery,
  type ChannelAccount,
} from "../calendar/queries";
import { ScheduleDialog } from "../calendar/ScheduleDialog";
import {
  addDays,
  addMonths,
  dayKey,
  formatDay,
  instantOf,
  parseDayKey,
  startOfMonth,
  startOfWeek,
  wallParts,
} from "../calendar/zoned";
import { QueryState } from "../components/QueryState";
import { useAppSelector } from "../store";

const LIST_DAYS = 30;

function range(view: View, anchor: string): string[] {
  const [start, length] =
    view === "month"
      ? [startOfWeek(startOfMonth(anchor)), 42]
      : view === "week"
        ? [startOfWeek(anchor), 7]
        : view === "day"
          ? [anchor, 1]
          : [anchor, LIST_DAYS];
  return Array.from({ length }, (_, i) => addDays(start, i));
}

function step(view: View, anchor: string, direction: 1 | -1): string {
  if (view === "month") return addMonths(anchor, direction);
  return addDays(anchor, direction * (view === "week" ? 7 : view === "day" ? 1 : LIST_DAYS));
}

/** The brand's calendar: what goes out when, on which account, and how it went. */
export default function Calendar() {
  const brands = useQuery(brandsQuery);
  const chosen = useAppSelector((s) => s.workspace.brandId);
  return (
    <QueryState
      query={brands}
      empty={(b) => b.length === 0}
      emptyText="No brand yet: create one under Brands to plan its posts."
    >
      {(list) => {
        const brand = list.find((b) => b.id === chosen) ?? list[0];
        return brand ? (
          <BrandCalendar key={brand.id} brandId={brand.id} name={brand.name} zone={brand.time_zone} />
        ) : null;
      }}
    </QueryState>
  );
}

function useNow(everyMs = 30_000) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function BrandCalendar({ brandId, name, zone }: { brandId: string; name: string; zone: string }) {
  const now = useNow();
  const narrow = useMediaQuery("(max-width: 599.95px)");
  const [chosenView, setView] = useState<View>("month");
  const view = narrow ? "list" : chosenView;
  const [anchor, setAnchor] = useState(() => dayKey(new Date(), zone));
  const [picked, setPicked] = useState<{ day: string; time: string } | null>(null);
  const [message, setMessage] = useState("");
  const queries = useQueryClient();

  const days = useMemo(() => range(view, anchor), [view, anchor]);
  const first = days[0] ?? anchor;
  const from = instantOf(first, zone).toISOString();
  const to = instantOf(addDays(days[days.length - 1] ?? anchor, 1), zone).toISOString();
  const calendar = useQuery(calendarQuery(brandId, from, to));
  const accounts = useQuery(accountsQuery(brandId));
  const pieces = useQuery(piecesQuery(brandId));

  const items = useMemo(() => groupItems(calendar.data ?? [], zone), [calendar.data, zone]);
  const titles = useMemo(
    () => new Map((pieces.data ?? []).map((p) => [p.id, p.title || "Untitled"])),
    [pieces.data],
  );
  const accountNames = useMemo(
    () => new Map((accounts.data ?? []).map((a) => [a.id, a.name])),
    [accounts.data],
  );

  const move = useMutation({
    mutationFn: async ({ item, slot }: { item: Item; slot: Slot }) => {
      const at = landing(item, slot, zone);
      const wall = wallParts(at, zone);
      const local = `${dayKey(at, zone)}T${String(wall.hour).padStart(2, "0")}:${String(wall.minute).padStart(2, "0")}:00`;
      // one PATCH per channel: each publication is its own row with its own version
      for (const p of item.publications.filter((x) => MOVABLE.has(x.status))) {
        try {
          unwrap(
            await api.PATCH("/api/v1/publications/{publication_id}", {
              params: {
                path: { publication_id: p.id },
                header: { "If-Match": `"${p.version}"` },
              },
              body: { local_time: local, time_zone: zone },
            }),
          );
        } catch (error) {
          throw Object.assign(error as Error, {
            channel: accountNames.get(p.channel_account_id) ?? p.channel,
          });
        }
      }
      return at;
    },
    onSuccess: (at, { item }) =>
      setMessage(
        `Moved ${titles.get(item.contentId) ?? "the post"} to ${formatDay(dayKey(at, zone), { weekday: "long", day: "numeric", month: "long" })} ${at.toLocaleTimeString(undefined, { timeZone: zone, hour: "2-digit", minute: "2-digit" })}.`,
      ),
    onError: () => setMessage("The move was refused: see why above the calendar."),
    onSettled: () => queries.invalidateQueries({ queryKey: ["publications"] }),
  });
  const refusedOn = (move.error as { channel?: string } | null)?.channel;

  const { year, month } = parseDayKey(anchor);
  const heading =
    view === "month"
      ? formatDay(`${year}-${String(month).padStart(2, "0")}-01`, { month: "long", year: "numeric" })
      : view === "day"
        ? formatDay(anchor, { weekday: "long", day: "numeric", month: "long", year: "numeric" })
        : `${formatDay(first, { day: "numeric", month: "short" })} – ${formatDay(days[days.length - 1] ?? first, { day: "numeric", month: "short", year: "numeric" })}`;

  const openAt = (slot: Slot | null) => {
    const base = slot ?? { day: addDays(dayKey(now, zone), 1), hour: 9 };
    const hour = base.hour ?? 9;
    // the current hour's slot opens a few minutes ahead, never in the past
    const start = instantOf(base.day, zone, hour);
    const soon = new Date(Math.max(start.getTime(), now.getTime() + 5 * 60_000));
    const wall = wallParts(soon, zone);
    setPicked({
      day: dayKey(soon, zone),
      time: `${String(wall.hour).padStart(2, "0")}:${String(wall.minute).padStart(2, "0")}`,
    });
  };

  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        Calendar
      </Typography>
      <Typography color="text.secondary">
        {name}: times in {zone}.
      </Typography>
      <ReconnectBanner accounts={accounts.data ?? []} />
      <Stack direction="row" spacing={1} sx={{ flexWrap: "wrap", gap: 1, alignItems: "center" }}>
        {narrow ? (
          <Typography variant="body2">List view on a narrow screen.</Typography>
        ) : (
          <ToggleButtonGroup
            size="small"
            exclusive
            value={view}
            onChange={(_, v: View | null) => v && setView(v)}
            aria-label="View"
          >
            <ToggleButton value="month">Month</ToggleButton>
            <ToggleButton value="week">Week</ToggleButton>
            <ToggleButton value="day">Day</ToggleButton>
            <ToggleButton value="list">List</ToggleButton>
          </ToggleButtonGroup>
        )}
        <Button onClick={() => setAnchor(step(view, anchor, -1))} aria-label="Previous">
          ‹ Previous
        </Button>
        <Button onClick={() => setAnchor(dayKey(new Date(), zone))}>Today</Button>
        <Button onClick={() => setAnchor(step(view, anchor, 1))} aria-label="Next">
          Next ›
        </Button>
        <Typography component="h2" variant="h6" sx={{ flexGrow: 1 }}>
          {heading}
        </Typography>
        <Button variant="contained" onClick={() => openAt(null)}>
          Schedule a post
        </Button>
      </Stack>
      {move.error ? (
        <ExplainedProblem
          error={move.error}
          prefix={refusedOn ? `Moving it on ${refusedOn} was refused.` : undefined}
        />
      ) : null}
      <Box role="status" aria-live="polite" sx={{ minHeight: "1.5em" }}>
        <Typography variant="body2">{message}</Typography>
      </Box>
      <QueryState query={calendar}>
        {() => (
          <CalendarGrid
            view={view}
            days={days}
            month={view === "month" ? month : null}
            zone={zone}
            now={now}
            items={items}
            titles={titles}
            accountNames={accountNames}
            onMove={(item, slot) => move.mutate({ item, slot })}
            onPick={openAt}
            announce={setMessage}
          />
        )}
      </QueryState>
      {picked ? (
        <ScheduleDialog
          brandId={brandId}
          zone={zone}
          day={picked.day}
          time={picked.time}
          onClose={() => setPicked(null)}
          onScheduled={(count) => {
            setPicked(null);
            setMessage(`Scheduled ${count} publication${count === 1 ? "" : "s"}.`);
          }}
        />
      ) : null}
    </Stack>
  );
}

const BROKEN = new Set(["needs_reauth", "revoked", "error"]);

/** Accounts that cannot publish until someone signs in to their platform again. */
function ReconnectBanner({ accounts }: { accounts: ChannelAccount[] }) {
  const integrations = useQuery(integrationsQuery);
  const broken = new Map(
    (integrations.data ?? []).filter((i) => BROKEN.has(i.status)).map((i) => [i.id, i]),
  );
  const affected = accounts.filter(
    (a) =>
      a.role === "publish" &&
      a.status !== "gone" &&
      (broken.has(a.integration_id) || a.status_reason === "integration_revoked"),
  );
  if (!affected.length) return null;
  return (
    <Alert severity="warning" role="alert">
      <strong>Reconnect needed.</strong> These accounts cannot publish until their connection is
      signed in again:{" "}
      {affected
        .map((a) => {
          const why = broken.get(a.integration_id)?.status ?? a.status_reason ?? "disconnected";
          return `${a.name} (${a.platform}, ${why.replace(/_/g, " ")})`;
        })
        .join(", ")}
      .
    </Alert>
  );
}
