"""The jinja2 sandbox content templates compile and render in, with bounds on the work.

jinja2's ``SandboxedEnvironment`` keeps a template away from Python's internals; it does not
stop a template from asking for a great deal of work. This environment is the first line of
defence against that (the worker process's CPU-time and memory limits, pool.py, are the
second, for whatever these rules miss):

- nothing is evaluated at compile time. jinja folds constant expressions while compiling, so
  ``{{ 9**(9**7) }}`` or ``{{ 'a'|center(10**9) }}`` ran when a template was only saved;
  here only static text is folded and every expression waits for the bounded run time;
- ``**`` and ``*`` on integers refuse a result over ``MAX_INT_BITS`` bits; ``*``, ``+`` and
  ``~`` refuse a string or list over ``MAX_VALUE_SIZE`` items;
- ``%``-formatting and ``str.format`` refuse a width or precision over ``MAX_VALUE_SIZE``
  (or one taken from the arguments), and filters and string methods an integer argument over
  it (``center``, ``indent``, ``ljust``, ``zfill``...);
- macros (and recursive loops) nest at most ``MAX_CALL_DEPTH`` deep;
- ``lipsum`` (any amount of placeholder text) is not offered.

A refusal is ``BudgetExceeded``; the worker reports it as ``template_too_expensive``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import wraps
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.meta import TrackingCodeGenerator
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import _PassArg

MAX_INT_BITS = 4096  # about 1,200 decimal digits: any price, count or date, with room
MAX_VALUE_SIZE = 1_000_000  # characters of a string, items of a list (output is 100,000)
MAX_CALL_DEPTH = 50

_depth: ContextVar[int] = ContextVar("template_call_depth", default=0)
# a printf conversion: its width and precision, each digits or '*' (taken from the arguments)
_PERCENT_SPEC = re.compile(r"%[#0\- +]*(\*|\d*)(?:\.(\*|\d*))?")
_SPEC_NUMBER = re.compile(r"\d+")


class BudgetExceeded(SecurityError):
    """The template asked for more than rendering one may take."""


def _too_big(size: int, what: str) -> None:
    if size > MAX_VALUE_SIZE:
        raise BudgetExceeded(f"{what} would hold {size} items; at most {MAX_VALUE_SIZE}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse the operation before Python spends the time and memory on it."""
    if operator == "**" and _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
        if abs(left).bit_length() * right > MAX_INT_BITS:
            raise BudgetExceeded(f"{left} ** {right} is too large a number")
    elif operator == "*":
        if _is_int(left) and _is_int(right):
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise BudgetExceeded("the product is too large a number")
        elif isinstance(left, str | list | tuple) and _is_int(right):
            _too_big(len(left) * right, "the repetition")
        elif isinstance(right, str | list | tuple) and _is_int(left):
            _too_big(len(right) * left, "the repetition")
    elif operator == "+" and isinstance(left, str | list | tuple):
        if isinstance(right, str | list | tuple):
            _too_big(len(left) + len(right), "the sum")
    elif operator == "%" and isinstance(left, str):
        check_percent_format(left)


def check_percent_format(text: str) -> None:
    """``text % values``: no width or precision over the bound, none from the values."""
    for match in _PERCENT_SPEC.finditer(text):
        for number in match.groups():
            if number == "*" or (number and int(number) > MAX_VALUE_SIZE):
                raise BudgetExceeded("a format width or precision is too large")


def _check_format_method(text: str) -> None:
    """``text.format(...)``: the same rule for ``{:>999999999}`` and nested ``{:{}}``."""
    for _, _, spec, _ in string.Formatter().parse(text):
        if spec and (
            "{" in spec or any(int(n) > MAX_VALUE_SIZE for n in _SPEC_NUMBER.findall(spec))
        ):
            raise BudgetExceeded("a format width or precision is too large")


def _check_arguments(args: Iterable[Any]) -> None:
    for value in args:
        if _is_int(value) and abs(value) > MAX_VALUE_SIZE:
            raise BudgetExceeded(f"the argument {value} is too large; at most {MAX_VALUE_SIZE}")


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """The filter, refusing integer arguments over the bound (the value filtered is free)."""
    skip = 1 if _PassArg.from_obj(func) is None else 2  # the context/environment, the value

    @wraps(func)  # keeps jinja's pass_context/pass_environment marker
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_arguments((*args[skip:], *kwargs.values()))
        if name == "format" and len(args) >= skip and isinstance(args[skip - 1], str):
            check_percent_format(args[skip - 1])
        return func(*args, **kwargs)

    return bounded


class _UnfoldedCodeGenerator(CodeGenerator):
    """jinja's code generator, evaluating nothing but static text at compile time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.optimizer = None  # the constant folder (meta's tracker builds one regardless)

    def _output_child_to_const(self, node: nodes.Expr, frame: Frame, finalize: Any) -> str:
        if isinstance(node, nodes.TemplateData):
            return super()._output_child_to_const(node, frame, finalize)
        raise nodes.Impossible  # evaluated when rendering, under the bounds

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802 (jinja names)
        self.write("environment.concat_bounded((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def visit_EvalContextModifier(  # noqa: N802 (jinja visitor names)
        self, node: nodes.EvalContextModifier, frame: Frame
    ) -> None:
        # ``{% autoescape expr %}``: the base class folds ``expr`` at compile time
        for keyword in node.options:
            self.writeline(f"context.eval_ctx.{keyword.key} = ")
            self.visit(keyword.value, frame)
        frame.eval_ctx.volatile = True


class _UnfoldedTracker(TrackingCodeGenerator, _UnfoldedCodeGenerator):
    """jinja.meta's name tracker, without its compile-time folding."""


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox with the bounds above; plain text (no autoescape), undefined names fail."""

    intercepted_binops = frozenset({"**", "*", "+", "%"})
    code_generator_class = _UnfoldedCodeGenerator

    def __init__(self) -> None:
        super().__init__(
            undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True, optimized=False
        )
        self.globals.pop("lipsum", None)
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)  # not None: value is a str's format(_map)
        if wrapped is not None:
            _check_format_method(value.__self__)
        return wrapped

    def concat_bounded(self, values: tuple[Any, ...]) -> str:
        """``a ~ b``, refusing a string over the bound (a doubling loop would reach gigabytes)."""
        parts = [str(v) for v in values]
        _too_big(sum(map(len, parts)), "the joined text")
        return "".join(parts)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if isinstance(getattr(obj, "__self__", None), str):  # 'x'.center(10**9) and kin
            _check_arguments((*args, *kwargs.values()))
        if not isinstance(obj, Macro | LoopContext):
            return super().call(context, obj, *args, **kwargs)
        depth = _depth.get()
        if depth >= MAX_CALL_DEPTH:
            raise BudgetExceeded(f"macros nest deeper than {MAX_CALL_DEPTH} calls")
        token = _depth.set(depth + 1)
        try:
            return super().call(context, obj, *args, **kwargs)
        finally:
            _depth.reset(token)

    def names_read(self, body: str) -> frozenset[str]:
        """The undeclared names ``body`` reads (``jinja2.meta.find_undeclared_variables``
        without its compile-time folding); raises ``TemplateSyntaxError``."""
        tracker = _UnfoldedTracker(self)
        tracker.visit(self.parse(body))
        return frozenset(tracker.undeclared_identifiers)
