"""Reading numbers from query strings, the same way on every surface."""

# Ids are 64-bit; 18 decimal digits always fit.
MAX_ID_DIGITS = 18


def whole_number(value: str | None) -> int | None:
    """A non-negative whole number written in ASCII digits, or None.

    ``str.isdigit()`` accepts characters such as "²" that ``int()`` refuses, and
    an unbounded number overflows a database id: both would become a 500.
    """
    if not value or not value.isascii() or not value.isdecimal() or len(value) > MAX_ID_DIGITS:
        return None
    return int(value)
