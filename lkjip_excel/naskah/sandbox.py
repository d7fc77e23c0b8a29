"""The Jinja environment a template is rendered in, with a budget.

A kecamatan's template is untrusted: it may try to print Python internals, build huge
strings (``'a'*10**10``, ``'a'|center(10**9)``), loop for ever (nested ``range``) or recurse.
The environment is Jinja's immutable sandbox with:

- no globals but a small ``range`` (no ``lipsum``, ``cycler``, ``joiner``, ``namespace``, ``dict``);
- ``*``, ``**`` and ``%`` intercepted, and every filter and call checked: no number argument
  above :data:`MAX_COUNT`, no text or list result longer than :data:`MAX_SIZE`;
- printing a group or a list (``{{ penandatangan }}``) an error (:class:`PrintedGroup`);
- a wall-time budget (:func:`within_budget`, :data:`BUDGET_SECONDS`).

Each refusal is a :class:`Refused` carrying an Indonesian sentence for the message.
"""

from __future__ import annotations

import _thread
import threading
from collections.abc import Callable
from typing import Any, TypeVar

#: the largest count a template may pass to range, a filter or a method, and the longest
#: text or list an operation may make
MAX_COUNT = 10_000
MAX_SIZE = 1_000_000
#: the largest power (in bits) ``**`` may make
MAX_POWER_BITS = 4096
#: how long rendering one document may take
BUDGET_SECONDS = 60.0

T = TypeVar("T")


class Refused(Exception):
    """The template asked for something outside its budget; ``why`` is Indonesian."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


class PrintedGroup(Exception):
    """``{{ x }}`` where x is a group or a list."""


def _too_big(value: Any) -> bool:
    return isinstance(value, (str, bytes, list, tuple)) and len(value) > MAX_SIZE


def _check_args(args: tuple, kwargs: dict) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_COUNT:
            raise Refused(
                f"angka {value:.0f} terlalu besar untuk dipakai di templat (paling besar {MAX_COUNT})"
            )


def _checked_result(value: Any) -> Any:
    if _too_big(value):
        raise Refused(f"hasilnya terlalu panjang (lebih dari {MAX_SIZE} huruf atau butir)")
    return value


def small_range(*args: int) -> range:
    """``range`` as a template may use it: at most :data:`MAX_COUNT` numbers."""
    _check_args(args, {})
    made = range(*args)
    if len(made) > MAX_COUNT:
        raise Refused(f"range terlalu panjang (paling banyak {MAX_COUNT} angka)")
    return made


def _size_of(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


def _checked_filter(function: Callable) -> Callable:
    skip = 2 if hasattr(function, "jinja_pass_arg") else 1  # the environment/context, the value

    def checked(*args: Any, **kwargs: Any) -> Any:
        _check_args(args[skip:], kwargs)
        return _checked_result(function(*args, **kwargs))

    for attribute in ("jinja_pass_arg",):  # keep the context/environment marks of Jinja
        if hasattr(function, attribute):
            setattr(checked, attribute, getattr(function, attribute))
    return checked


def _finalize(value: Any) -> Any:
    if isinstance(value, (dict, list, tuple, set, frozenset)):
        raise PrintedGroup()
    return value


def environment() -> Any:
    """The budgeted sandbox (autoescaped, every unknown name an error)."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Budgeted(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "%" and isinstance(left, str):
                raise Refused("format teks dengan % tidak diizinkan; tulis isiannya langsung")
            if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
                if right * max(abs(left).bit_length(), 1) > MAX_POWER_BITS:
                    raise Refused("pangkat ** terlalu besar")
            if operator == "*":
                size, times = (_size_of(left), right) if _size_of(left) else (_size_of(right), left)
                if size and isinstance(times, int) and size * max(times, 0) > MAX_SIZE:
                    raise Refused(f"hasil * terlalu panjang (lebih dari {MAX_SIZE} huruf atau butir)")
            return _checked_result(super().call_binop(context, operator, left, right))

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            _check_args(args, kwargs)
            return _checked_result(super().call(__context, __obj, *args, **kwargs))

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if isinstance(obj, str) and attr in ("format", "format_map"):
                return False
            return super().is_safe_attribute(obj, attr, value)

    env = Budgeted(undefined=StrictUndefined, autoescape=True, finalize=_finalize)
    env.globals.clear()
    env.globals["range"] = small_range
    env.filters.pop("format", None)
    env.filters = {name: _checked_filter(f) for name, f in env.filters.items()}
    return env


def within_budget(work: Callable[[], T], seconds: float | None = None) -> T:
    """``work()``, stopped with :class:`Refused` after ``seconds`` (:data:`BUDGET_SECONDS`).

    A timer interrupts the main thread (the CLI renders there); elsewhere, or where Python
    does not handle Ctrl-C, the size limits still hold but the time is not bounded."""
    if threading.current_thread() is not threading.main_thread():
        return work()
    limit = BUDGET_SECONDS if seconds is None else seconds
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _thread.interrupt_main()

    timer = threading.Timer(limit, fire)
    timer.daemon = True
    try:
        timer.start()
        try:
            return work()
        finally:
            with lock:
                state["done"] = True
            timer.cancel()
    except KeyboardInterrupt:
        if state["fired"]:
            raise Refused(
                f"pengisian templat melebihi {limit:.0f} detik (perulangan terlalu banyak)"
            ) from None
        raise


__all__ = ["BUDGET_SECONDS", "PrintedGroup", "Refused", "environment", "small_range", "within_budget"]
