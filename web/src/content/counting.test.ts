import { budget, measure } from "./counting";
import { LIMITS } from "./fixtures";

// the figures of docs/compliance.md, as umt.domain.content.compliance.limits counts them
test("X counts a link 23, an emoji 2 and Latin text 1 per character", () => {
  expect(measure("Read https://example.com/a/very/long/path/indeed now", "x_weighted")).toBe(
    "Read ".length + 23 + " now".length,
  );
  expect(measure("Coffee ☕", "x_weighted")).toBe(7 + 2);
  expect(measure("👍🏽", "x_weighted")).toBe(2); // the skin-tone modifier weighs 0
  expect(measure("日本", "x_weighted")).toBe(4);
});

test("code points count an emoji once, not as its two UTF-16 units", () => {
  expect("😀".length).toBe(2);
  expect(measure("😀", "code_points")).toBe(1);
});

test("YouTube descriptions count UTF-8 bytes; Google Ads counts wide characters 2", () => {
  expect(measure("café", "utf8_bytes")).toBe(5);
  expect(measure("日本語 ad", "double_width")).toBe(6 + 3);
});

test("the budget is what the API's limit leaves, negative once over", () => {
  const x = LIMITS.find((t) => t.channel === "x");
  expect(budget(x, "body", "a".repeat(300))).toMatchObject({ left: -20, limit: 280, hard: true });
  expect(budget(x, "title", "anything")).toBeNull(); // X sets no title limit
  expect(budget(undefined, "body", "text")).toBeNull();
});
