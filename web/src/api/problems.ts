/** RFC 9457 problem details as umt answers them: a code, a detail and field-level errors. */
export type FieldError = { field: string; message: string };
export type Problem = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
};

export function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && ("detail" in value || "code" in value);
}

/** The field errors keyed by field (the last path segment as a form names it). */
export function fieldErrors(problem: Problem | null | undefined): Record<string, string> {
  const found: Record<string, string> = {};
  for (const error of problem?.errors ?? []) {
    found[error.field] = error.message;
    const leaf = error.field.split(".").pop();
    if (leaf && !(leaf in found)) found[leaf] = error.message;
  }
  return found;
}

export class ApiError extends Error {
  readonly problem: Problem;
  readonly status: number;
  constructor(status: number, problem: unknown) {
    const known = isProblem(problem) ? problem : { detail: `request failed with ${status}` };
    super(known.detail ?? known.title ?? `request failed with ${status}`);
    this.status = status;
    this.problem = known;
  }
}

/** The data of an openapi-fetch answer, or an ApiError carrying the problem. */
export function unwrap<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.error !== undefined || !answer.response.ok) {
    throw new ApiError(answer.response.status, answer.error);
  }
  return answer.data as T;
}
