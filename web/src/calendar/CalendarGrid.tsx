import { Box, Button, Chip, IconButton, Stack, Typography } from "@mui/material";
import { useState, type DragEvent, type KeyboardEvent, type ReactNode } from "react";
import { Link } from "react-router";

import { STATUS_COLOURS, statusLabel, type Item, type Slot } from "./items";
import { MOVABLE } from "./queries";
import { addDays, formatDay, formatTime, hourLabel, instantOf } from "./zoned";

export type View = "month" | "week" | "day" | "list";

type Props = {
  view: View;
  days: string[];
  month: number | null;
  zone: string;
  now: Date;
  items: Item[];
  titles: Map<string, string>;
  accountNames: Map<string, string>;
  onMove: (item: Item, slot: Slot) => void;
  onPick: (slot: Slot) => void;
  announce: (text: string) => void;
};

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const DRAG_TYPE = "application/x-umt-item";
const longDay = (day: string) => formatDay(day, { weekday: "long", day: "numeric", month: "long" });

/** Where ``item`` lands in ``slot``: a day keeps the item's time, an hour keeps its minutes. */
export function landing(item: Item, slot: Slot, zone: string): Date {
  return instantOf(slot.day, zone, slot.hour ?? item.hour, item.minute);
}

function slotEnd(slot: Slot, zone: string): Date {
  return slot.hour === null
    ? instantOf(addDays(slot.day, 1), zone)
    : instantOf(slot.day, zone, slot.hour + 1);
}

function describe(slot: Slot, item: Item): string {
  const hour = slot.hour ?? item.hour;
  return `${longDay(slot.day)}, ${hourLabel(hour).slice(0, 3)}${String(item.minute).padStart(2, "0")}`;
}

/** The calendar's month, week, day and list views, with drag and keyboard moves. */
export function CalendarGrid(props: Props) {
  const { view, days, zone, now, items, onMove, announce } = props;
  const [moving, setMoving] = useState<{ item: Item; target: Slot } | null>(null);
  const hourly = view === "week" || view === "day" || view === "list";

  const isPast = (slot: Slot) => slotEnd(slot, zone).getTime() <= now.getTime();

  const moveTo = (item: Item, slot: Slot) => {
    if (landing(item, slot, zone).getTime() <= now.getTime()) {
      announce(`${describe(slot, item)} has passed: choose a later slot.`);
      return false;
    }
    onMove(item, slot);
    return true;
  };

  const keyboard = {
    start(item: Item) {
      const target = { day: item.day, hour: hourly ? item.hour : null };
      setMoving({ item, target });
      announce(
        `Moving ${props.titles.get(item.contentId) ?? "the post"}. Arrow keys choose a slot, Enter moves it there, Escape cancels.`,
      );
    },
    key(event: KeyboardEvent, item: Item) {
      if (!moving || moving.item.key !== item.key) return;
      let { day, hour } = moving.target;
      switch (event.key) {
        case "ArrowLeft":
          day = addDays(day, -1);
          break;
        case "ArrowRight":
          day = addDays(day, 1);
          break;
        case "ArrowUp":
        case "ArrowDown": {
          const step = event.key === "ArrowUp" ? -1 : 1;
          if (hour === null) {
            day = addDays(day, 7 * step);
          } else {
            hour += step;
            if (hour < 0 || hour > 23) {
              day = addDays(day, step);
              hour = (hour + 24) % 24;
            }
          }
          break;
        }
        case "Enter":
          event.preventDefault();
          if (moveTo(item, moving.target)) setMoving(null);
          return;
        case "Escape":
          setMoving(null);
          announce("Move cancelled.");
          return;
        default:
          return;
      }
      event.preventDefault();
      const target = { day, hour };
      setMoving({ item, target });
      const past = landing(item, target, zone).getTime() <= now.getTime();
      announce(`${describe(target, item)}${past ? " (past: it cannot go there)" : ""}`);
    },
  };

  const target = moving?.target;
  const isTarget = (slot: Slot) =>
    target !== undefined && target.day === slot.day && target.hour === slot.hour;

  const drop = {
    over(event: DragEvent, slot: Slot) {
      // no preventDefault: the browser refuses the drop (a past slot, or not one of our items)
      if (!event.dataTransfer.types.includes(DRAG_TYPE) || isPast(slot)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
    },
    drop(event: DragEvent, slot: Slot) {
      event.preventDefault();
      const key = event.dataTransfer.getData(DRAG_TYPE);
      const item = items.find((i) => i.key === key);
      if (item && !isPast(slot)) moveTo(item, slot);
    },
  };

  const card = (item: Item) => (
    <ItemCard
      key={item.key}
      item={item}
      zone={zone}
      title={props.titles.get(item.contentId) ?? "Untitled piece"}
      accountNames={props.accountNames}
      moving={moving?.item.key === item.key}
      onStartMove={() => keyboard.start(item)}
      onConfirm={() => {
        if (moving && moveTo(item, moving.target)) setMoving(null);
      }}
      onKey={(e) => keyboard.key(e, item)}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, item.key);
        e.dataTransfer.effectAllowed = "move";
      }}
    />
  );

  const cell = (slot: Slot, label: string, content: Item[], children?: ReactNode) => {
    const past = isPast(slot);
    return (
      <Box
        key={`${slot.day}-${slot.hour ?? "d"}`}
        data-slot={`${slot.day}${slot.hour === null ? "" : `T${hourLabel(slot.hour)}`}`}
        data-past={past || undefined}
        onDragOver={(e) => drop.over(e, slot)}
        onDrop={(e) => drop.drop(e, slot)}
        sx={{
          position: "relative",
          minHeight: slot.hour === null ? 96 : 44,
          borderRight: 1,
          borderBottom: 1,
          borderColor: "divider",
          bgcolor: past ? "grey.100" : "background.paper",
          outline: isTarget(slot) ? "3px dashed" : undefined,
          outlineColor: "primary.main",
          outlineOffset: -3,
          p: 0.5,
          display: "flex",
          flexDirection: "column",
          gap: 0.5,
          minWidth: 0,
        }}
      >
        {children}
        {content.map(card)}
        {past ? null : (
          <Button
            size="small"
            aria-label={`Schedule on ${label}`}
            onClick={() => props.onPick(slot)}
            sx={{
              minWidth: 0,
              alignSelf: "flex-end",
              mt: "auto",
              px: 1,
              py: 0,
              color: "text.secondary",
            }}
          >
            +
          </Button>
        )}
      </Box>
    );
  };

  if (view === "list") {
    const shown = items.filter((i) => days.includes(i.day));
    if (!shown.length) {
      return (
        <Typography color="text.secondary" sx={{ p: 2 }}>
          Nothing on the calendar from {longDay(days[0] ?? "")} to{" "}
          {longDay(days[days.length - 1] ?? "")}.
        </Typography>
      );
    }
    const byDay = days
      .map((day) => ({ day, items: shown.filter((i) => i.day === day) }))
      .filter((d) => d.items.length);
    return (
      <Stack spacing={2}>
        {byDay.map(({ day, items: dayItems }) => (
          <Box key={day} component="section" aria-label={longDay(day)}>
            <Typography variant="h6" component="h2">
              {longDay(day)}
            </Typography>
            <Stack spacing={1} sx={{ mt: 1 }}>
              {dayItems.map(card)}
            </Stack>
          </Box>
        ))}
      </Stack>
    );
  }

  if (view === "month") {
    return (
      <Box sx={{ overflowX: "auto" }}>
        <Box
          sx={{
            display: "grid",
            gridTemplateColumns: "repeat(7, minmax(96px, 1fr))",
            borderLeft: 1,
            borderTop: 1,
            borderColor: "divider",
          }}
        >
          {days.slice(0, 7).map((d) => (
            <Typography
              key={`h-${d}`}
              component="p"
              variant="subtitle2"
              sx={{ p: 0.5, borderRight: 1, borderBottom: 1, borderColor: "divider" }}
            >
              {formatDay(d, { weekday: "short" })}
            </Typography>
          ))}
          {days.map((day) => {
            const inMonth = props.month === null || Number(day.slice(5, 7)) === props.month;
            return cell(
              { day, hour: null },
              longDay(day),
              items.filter((i) => i.day === day),
              <Typography
                variant="caption"
                component="p"
                sx={{ fontWeight: inMonth ? 700 : 400, color: inMonth ? "text.primary" : "text.secondary" }}
              >
                {formatDay(day, { day: "numeric", month: inMonth ? undefined : "short" })}
              </Typography>,
            );
          })}
        </Box>
      </Box>
    );
  }

  return (
    <Box sx={{ overflowX: "auto" }}>
      <Box
        sx={{
          display: "grid",
          gridTemplateColumns: `56px repeat(${days.length}, minmax(${view === "day" ? 200 : 110}px, 1fr))`,
          borderLeft: 1,
          borderTop: 1,
          borderColor: "divider",
        }}
      >
        <Box sx={{ borderRight: 1, borderBottom: 1, borderColor: "divider" }} />
        {days.map((d) => (
          <Typography
            key={`h-${d}`}
            component="p"
            variant="subtitle2"
            sx={{ p: 0.5, borderRight: 1, borderBottom: 1, borderColor: "divider" }}
          >
            {formatDay(d, { weekday: "short", day: "numeric", month: "short" })}
          </Typography>
        ))}
        {HOURS.map((hour) => [
          <Typography
            key={`l-${hour}`}
            variant="caption"
            component="p"
            sx={{ p: 0.5, borderRight: 1, borderBottom: 1, borderColor: "divider" }}
          >
            {hourLabel(hour)}
          </Typography>,
          ...days.map((day) =>
            cell(
              { day, hour },
              `${longDay(day)} at ${hourLabel(hour)}`,
              items.filter((i) => i.day === day && i.hour === hour),
            ),
          ),
        ])}
      </Box>
    </Box>
  );
}

type CardProps = {
  item: Item;
  zone: string;
  title: string;
  accountNames: Map<string, string>;
  moving: boolean;
  onStartMove: () => void;
  onConfirm: () => void;
  onKey: (event: KeyboardEvent) => void;
  onDragStart: (event: DragEvent) => void;
};

function ItemCard(props: CardProps) {
  const { item, title, moving } = props;
  const movable = item.publications.some((p) => MOVABLE.has(p.status));
  const time = formatTime(item.dueAt, props.zone);
  return (
    <Box
      draggable={movable}
      onDragStart={props.onDragStart}
      data-item={item.key}
      sx={{
        border: 1,
        borderColor: moving ? "primary.main" : "divider",
        borderRadius: 1,
        bgcolor: moving ? "action.selected" : "background.paper",
        p: 0.5,
        cursor: movable ? "grab" : "default",
        minWidth: 0,
      }}
    >
      <Stack direction="row" sx={{ alignItems: "center", minWidth: 0 }}>
        <Typography variant="body2" noWrap sx={{ p: 0.25, flexGrow: 1, minWidth: 0 }}>
          <strong>{time}</strong> {title}
        </Typography>
        {movable ? (
          <IconButton
            size="small"
            onClick={moving ? props.onConfirm : props.onStartMove}
            onKeyDown={props.onKey}
            aria-pressed={moving}
            aria-label={`${time} ${title}: ${moving ? "choose a slot with the arrow keys, Enter to move, Escape to cancel" : "move"}`}
            sx={{ p: 0.25, fontSize: "1rem", color: "text.primary" }}
          >
            <span aria-hidden>✥</span>
          </IconButton>
        ) : null}
      </Stack>
      <Stack direction="row" sx={{ flexWrap: "wrap", gap: 0.5, mt: 0.25 }}>
        {item.publications.map((p) => {
          const colour = STATUS_COLOURS[p.status];
          return (
            <Chip
              key={p.id}
              size="small"
              clickable
              component={Link}
              to={`/publications/${p.id}`}
              label={`${props.accountNames.get(p.channel_account_id) ?? p.channel} · ${statusLabel(p.status)}`}
              sx={colour ? { "&&": { bgcolor: colour, color: "#fff" } } : undefined}
            />
          );
        })}
      </Stack>
    </Box>
  );
}
