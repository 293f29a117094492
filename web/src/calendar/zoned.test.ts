import { addDays, addMonths, dayKey, instantOf, startOfWeek, wallParts, weekday } from "./zoned";

test("a wall time in a zone is the instant the zone's clock shows it, across a change", () => {
  // Berlin: UTC+1 in winter, UTC+2 in summer
  expect(instantOf("2026-01-15", "Europe/Berlin", 9, 0).toISOString()).toBe("2026-01-15T08:00:00.000Z");
  expect(instantOf("2026-07-15", "Europe/Berlin", 9, 0).toISOString()).toBe("2026-07-15T07:00:00.000Z");
  // the day the clocks go forward (29 March 2026): 09:00 is already summer time
  expect(instantOf("2026-03-29", "Europe/Berlin", 9, 0).toISOString()).toBe("2026-03-29T07:00:00.000Z");
  expect(instantOf("2026-03-02", "Asia/Tokyo", 0, 30).toISOString()).toBe("2026-03-01T15:30:00.000Z");
});

test("the local date is the zone's, not the browser's", () => {
  const instant = new Date("2026-03-02T16:00:00Z");
  expect(dayKey(instant, "Asia/Tokyo")).toBe("2026-03-03");
  expect(dayKey(instant, "America/New_York")).toBe("2026-03-02");
  expect(wallParts(instant, "Asia/Tokyo")).toMatchObject({ hour: 1, minute: 0 });
});

test("calendar arithmetic on day keys", () => {
  expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  expect(weekday("2026-12-07")).toBe(0); // a Monday
  expect(startOfWeek("2026-12-13")).toBe("2026-12-07");
  expect(addMonths("2026-12-31", 1)).toBe("2027-01-01");
});
