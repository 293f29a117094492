import { Chip } from "@mui/material";

import { label } from "./api";

const COLOUR: Record<string, "default" | "primary" | "secondary" | "success" | "warning" | "error"> = {
  draft: "default",
  in_review: "primary",
  changes_requested: "warning",
  approved: "success",
  scheduled: "secondary",
  published: "success",
  partly_published: "warning",
  failed: "error",
  archived: "default",
};

/** A piece's status, named in words (the colour only repeats it). */
export function StatusChip({ status }: { status: string }) {
  return <Chip size="small" label={label(status)} color={COLOUR[status] ?? "default"} />;
}
