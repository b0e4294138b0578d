"""Bridge's daphne (bridge/serve.py) with a switchable profiler, for bench/realtime.py --profile.

    python bench/realtime_profiled_daphne.py OUT.prof <daphne arguments>

SIGUSR1 starts cProfile on the event loop's thread (where the consumers, the
channel layer and the websocket protocol run); SIGUSR2 stops it and writes OUT.prof.
"""

import cProfile
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bridge import serve

profiler = cProfile.Profile()
out = sys.argv.pop(1)


def start(*_: object) -> None:
    profiler.enable()


def dump(*_: object) -> None:
    profiler.disable()
    profiler.dump_stats(out)


signal.signal(signal.SIGUSR1, start)
signal.signal(signal.SIGUSR2, dump)
serve.main()
