"""The engine's vocabulary and ground rules, used by every room: money, refusals, contracts and the
universe, commission schedules, price checks and IB's order and account terms."""
