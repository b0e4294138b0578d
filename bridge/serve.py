"""Bridge's web server: daphne, tuned for a process holding many sockets. Same
arguments as `daphne`:

    python -m bridge.serve --bind 0.0.0.0 --port 8000 bridge.asgi:application

The garbage collector: a process with 1,000 open sockets holds a couple of
million long-lived objects (each connection's Twisted, autobahn and Channels
state). CPython's full collection walks all of them, and bench/realtime.py measured
each pass at 300-400 ms of a frozen event loop, every 8 seconds while posting. That
was the whole p99. Pushing an event creates no reference cycles (measured with
gc.DEBUG_SAVEALL): what it allocates is freed by reference counting, so collecting
rarely loses nothing. We collect young objects every 50,000 allocations instead
of 700, which leaves far fewer short-lived survivors to promote, and full
collections become rare. What was loaded at start-up is frozen out of every
collection.
"""

import gc

# Young generation, middle, old (see module docstring; CPython's default 700, 10, 10).
GC_THRESHOLDS = (50_000, 20, 100)


def main() -> None:
    from daphne.cli import CommandLineInterface

    gc.set_threshold(*GC_THRESHOLDS)
    gc.freeze()  # the interpreter, daphne, Twisted: never garbage
    CommandLineInterface.entrypoint()


if __name__ == "__main__":
    main()
