"""A clock tests put in place of a service's wall clock (``monkeypatch.setattr(clock, "now",
FakeClock())``), so that dates, delays and expiries are exact and time moves only when told."""

START = 1_700_000_000.0     # 2023-11-14T22:13:20Z


class FakeClock:
    def __init__(self, start: float = START):
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds
