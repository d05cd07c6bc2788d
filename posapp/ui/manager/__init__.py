"""The store manager's screens: daily tally, conflict inbox."""
