"""Publishing dispatch: the scheduler's ticker, the exactly-once publish engine and the checks
that run ahead of publishing (tokens due within a day)."""
