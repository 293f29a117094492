import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  MenuItem,
  Stack,
  TextField,
} from "@mui/material";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";

import { api } from "../api/client";
import { ApiError, fieldErrors, unwrap } from "../api/problems";
import { ExplainedProblem } from "./Explained";
import { accountsQuery, piecesQuery, SCHEDULABLE, versionsQuery } from "./queries";

type Props = {
  brandId: string;
  zone: string;
  /** the local date and time the dialog opens with */
  day: string;
  time: string;
  onClose: () => void;
  onScheduled: (count: number) => void;
};

/** Puts an approved piece on the calendar of one or more channel accounts (POST /publications). */
export function ScheduleDialog(props: Props) {
  const queries = useQueryClient();
  const pieces = useQuery(piecesQuery(props.brandId));
  const accounts = useQuery(accountsQuery(props.brandId));
  const [contentId, setContentId] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [day, setDay] = useState(props.day);
  const [time, setTime] = useState(props.time);
  const [firstComment, setFirstComment] = useState("");
  const accountsLabel = useId();

  const approved = (pieces.data ?? []).filter((p) => SCHEDULABLE.has(p.status));
  const piece = approved.find((p) => p.id === contentId);
  const versions = useQuery({ ...versionsQuery(contentId), enabled: Boolean(contentId) });
  // a schedulable piece's current version is its approved one: the only one that may go out
  const approvedVersion = versions.data?.find((v) => v.number === piece?.current_version);
  const posting = (accounts.data ?? []).filter((a) => a.role === "publish" && a.status === "active");

  const schedule = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/publications", {
          body: {
            content_id: contentId,
            // named, so a piece sent back to review meanwhile is refused, not swapped silently
            version_id: approvedVersion?.id ?? null,
            channel_account_ids: chosen,
            local_time: time.length === 5 ? `${day}T${time}:00` : `${day}T${time}`,
            time_zone: props.zone,
            first_comment: firstComment.trim() || null,
          },
        }),
      ),
    onSuccess: (answer) => {
      void queries.invalidateQueries({ queryKey: ["publications"] });
      void queries.invalidateQueries({ queryKey: ["content"] });
      props.onScheduled(answer.items.length);
    },
  });
  const server = fieldErrors(schedule.error instanceof ApiError ? schedule.error.problem : null);
  const accountError = Object.entries(server).find(([f]) => f.startsWith("channel_account_ids"))?.[1];

  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm" aria-labelledby="schedule-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          schedule.mutate();
        }}
      >
        <DialogTitle id="schedule-title">Schedule a post</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField
              select
              label="Approved piece"
              value={contentId}
              onChange={(e) => setContentId(e.target.value)}
              error={Boolean(server.content_id)}
              helperText={
                server.content_id ??
                (pieces.isPending
                  ? "Loading pieces…"
                  : approved.length
                    ? undefined
                    : "No approved piece yet: approve one in the content library first.")
              }
            >
              {approved.map((p) => (
                <MenuItem key={p.id} value={p.id}>
                  {p.title || "Untitled"} ({p.channel})
                </MenuItem>
              ))}
            </TextField>
            {piece ? (
              <TextField
                select
                label="Version"
                value={approvedVersion?.id ?? ""}
                error={Boolean(server.version_id)}
                helperText={
                  server.version_id ??
                  (versions.isError
                    ? "The versions could not be read."
                    : "Only the approved version goes out.")
                }
              >
                {(versions.data ?? []).map((v) => (
                  <MenuItem key={v.id} value={v.id} disabled={v.id !== approvedVersion?.id}>
                    Version {v.number}
                    {v.id === approvedVersion?.id ? " (approved)" : " (not approved)"}
                    {v.note ? `: ${v.note}` : ""}
                  </MenuItem>
                ))}
              </TextField>
            ) : null}
            <FormGroup role="group" aria-labelledby={accountsLabel}>
              <FormLabel id={accountsLabel}>Channel accounts</FormLabel>
              {posting.map((a) => (
                <FormControlLabel
                  key={a.id}
                  label={`${a.name} (${a.channel}, ${a.platform})`}
                  control={
                    <Checkbox
                      checked={chosen.includes(a.id)}
                      onChange={(e) =>
                        setChosen((now) =>
                          e.target.checked ? [...now, a.id] : now.filter((id) => id !== a.id),
                        )
                      }
                    />
                  }
                />
              ))}
              {accounts.isSuccess && !posting.length ? (
                <FormHelperText>No active posting account: connect an integration first.</FormHelperText>
              ) : null}
              {accountError ? <FormHelperText error>{accountError}</FormHelperText> : null}
            </FormGroup>
            <Stack direction={{ xs: "column", sm: "row" }} spacing={2}>
              <TextField
                label="Date"
                type="date"
                value={day}
                onChange={(e) => setDay(e.target.value)}
                slotProps={{ inputLabel: { shrink: true } }}
              />
              <TextField
                label={`Time (${props.zone})`}
                type="time"
                value={time}
                onChange={(e) => setTime(e.target.value)}
                slotProps={{ inputLabel: { shrink: true }, htmlInput: { step: 1 } }}
                error={Boolean(server.local_time ?? server.at)}
                helperText={server.local_time ?? server.at}
              />
            </Stack>
            <TextField
              label="First comment (optional)"
              value={firstComment}
              onChange={(e) => setFirstComment(e.target.value)}
              multiline
              minRows={2}
            />
            <ExplainedProblem error={schedule.error} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button
            type="submit"
            variant="contained"
            disabled={!approvedVersion || !chosen.length || schedule.isPending}
          >
            Schedule
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
