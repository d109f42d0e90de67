"""The common dashboard object and the controls several dashboards share.

Private to :mod:`sre_lab.dashboards` (the public names are re-exported there):
``Dashboard``, ``slo_target_slider``, ``service_dropdown`` and the helpers
that turn a factory's ``traffic`` argument into one frame per service.
"""

from __future__ import annotations

import html
import io
import time
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from .._validation import check_choice, check_fraction, message
from ..formatting import format_percent

__all__ = ["COURSE_SLO_TARGETS", "Dashboard", "slo_target_slider", "service_dropdown"]

#: SLO targets offered by :func:`slo_target_slider`, as fractions.
COURSE_SLO_TARGETS = (0.95, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999)


def _css_name(name: str) -> str:
    return name.replace("_", "-").lower()


class Dashboard:
    """Controls wired to a compute function, a summary and a plot.

    Parameters
    ----------
    controls : dict[str, ipywidgets.ValueWidget]
        Name -> widget. The names are the keyword arguments of ``compute``.
    compute : callable
        ``compute(**values) -> state``; calls core functions only.
    summarize : callable
        ``summarize(state) -> str`` HTML text of the result (numbers in words).
    draw : callable, optional
        ``draw(state, ax)``; calls a ``plot_*`` function. ``None``: no figure.
    name : str
        Short name, used for the CSS class ``sre-<name>-dashboard``.
    title : str
        Heading shown above the controls.
    figsize : (float, float)
        Figure size in inches.
    controls_layout : ipywidgets.Widget, optional
        A ready-made box holding the controls (default: a wrapping row).
    margins : dict, optional
        ``Figure.subplots_adjust`` fractions (default left 0.1, right 0.98,
        bottom 0.15, top 0.9).

    Raises
    ------
    Exception
        Whatever ``compute`` raises for the *initial* control values: a
        dashboard built with wrong arguments fails at once, like a function.
    """

    def __init__(
        self,
        controls: Mapping[str, widgets.Widget],
        compute: Callable[..., Any],
        summarize: Callable[[Any], str],
        draw: Callable[[Any, Any], Any] | None = None,
        *,
        name: str,
        title: str,
        figsize: tuple[float, float] = (8.0, 3.6),
        controls_layout: widgets.Widget | None = None,
        margins: Mapping[str, float] | None = None,
    ):
        self.controls = dict(controls)
        self._compute = compute
        self._summarize = summarize
        self._draw = draw
        self.name = name
        self.figsize = figsize
        self.margins = dict(left=0.1, right=0.98, bottom=0.15, top=0.9)
        self.margins.update(margins or {})
        self.state: Any = None
        self.error: BaseException | None = None
        self.timings: dict[str, float] = {}

        for key, control in self.controls.items():
            control.add_class("sre-control")
            control.add_class(f"sre-control-{_css_name(key)}")
        self.title = widgets.HTML(f"<h4 style='margin:0.2em 0'>{html.escape(title)}</h4>")
        self.summary = widgets.HTML().add_class("sre-summary")
        self.error_line = widgets.HTML().add_class("sre-error")
        self.error_line.layout.display = "none"
        self.image = widgets.Image(format="png").add_class("sre-plot")
        self.image.layout.max_width = "100%"
        self.image.layout.align_self = "flex-start"  # natural size: never stretched by the VBox
        if controls_layout is None:
            controls_layout = widgets.Box(
                list(self.controls.values()),
                layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
            )
        parts = [self.title, controls_layout, self.summary, self.error_line]
        if draw is not None:
            parts.append(self.image)
        self.widget = widgets.VBox(parts).add_class("sre-dashboard")
        self.widget.add_class(f"sre-{_css_name(name)}-dashboard")

        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.update()
        if self.error is not None:
            raise self.error

    # -- driving -----------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The controls' current values, ``{name: value}``."""
        return {key: control.value for key, control in self.controls.items()}

    def _on_change(self, change) -> None:
        self.update()

    def update(self):
        """Recompute from the controls, refresh the summary and the figure; return the state.

        A failure is shown in the dashboard's error line and kept in
        ``self.error``; ``self.state`` keeps the last good result.
        """
        values = self.values()
        try:
            start = time.perf_counter()
            state = self._compute(**values)
            compute_ms = (time.perf_counter() - start) * 1e3
            summary = self._summarize(state)
            png = self._render(state) if self._draw is not None else b""
        except Exception as exc:  # shown to the learner, never swallowed
            self._show_error(exc, values)
            return self.state
        self.timings = {"compute_ms": compute_ms,
                        "draw_ms": (time.perf_counter() - start) * 1e3 - compute_ms}
        self.state = state
        self.error = None
        self.summary.value = summary
        if png:
            self.image.value = png
        self.error_line.value = ""
        self.error_line.layout.display = "none"
        return state

    def _render(self, state) -> bytes:
        from matplotlib.figure import Figure

        # fixed margins: constrained layout would cost a third of the redraw time
        fig = Figure(figsize=self.figsize, dpi=96)
        fig.subplots_adjust(**self.margins)
        ax = fig.add_subplot()
        self._draw(state, ax)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})  # fast zlib
        return buffer.getvalue()

    def _show_error(self, exc: BaseException, values: Mapping[str, Any]) -> None:
        self.error = exc
        settings = ", ".join(f"{k} = {_short(v)}" for k, v in values.items())
        self.error_line.value = (
            "<div style='color:#a40000;border-left:4px solid #a40000;padding-left:0.5em'>"
            f"<b>⚠ Could not update</b> ({html.escape(settings)}): "
            f"{html.escape(type(exc).__name__)}: {html.escape(str(exc))} "
            "<i>The figure and numbers still show the last good result; change a control to retry.</i>"
            "</div>")
        self.error_line.layout.display = None

    # -- display -----------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}: controls {list(self.controls)}>"


def _short(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# -- shared controls --------------------------------------------------------------------
def slo_target_slider(value: float = 0.999, *, targets=COURSE_SLO_TARGETS,
                      description: str = "SLO target") -> widgets.SelectionSlider:
    """A slider over well-known SLO targets whose readout is the percentage.

    Parameters
    ----------
    value : float
        Initial target, a fraction; must be one of ``targets``.
    targets : sequence of float
        Fractions offered, in increasing order (default
        :data:`COURSE_SLO_TARGETS`: 95 % ... 99.99 %).
    description : str

    Returns
    -------
    ipywidgets.SelectionSlider
        ``.value`` is the fraction (``0.9995``), the readout ``"99.95 %"``.

    Examples
    --------
    >>> s = slo_target_slider(0.9995)
    >>> s.value, s.label
    (0.9995, '99.95 %')
    """
    targets = [check_fraction("targets item", t) for t in targets]
    value = check_fraction("value", value)
    if value not in targets:
        raise ValueError(message("value", "one of the offered targets "
                                 + ", ".join(f"{t:g}" for t in targets), value))
    return widgets.SelectionSlider(
        options=[(format_percent(t), t) for t in targets],
        value=value, description=description, continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="360px"),
    )


def service_dropdown(value: str = "checkout", *, services=None,
                     description: str = "service") -> widgets.Dropdown:
    """A drop-down of the MicroCorp services (``sl.SERVICE_NAMES``).

    Examples
    --------
    >>> service_dropdown("payment").value
    'payment'
    """
    if services is None:
        from ..simulation import SERVICE_NAMES as services
    services = tuple(services)
    value = check_choice("service", value, services)
    return widgets.Dropdown(options=services, value=value, description=description,
                            style={"description_width": "initial"},
                            layout=widgets.Layout(width="220px"))


def _day_label(day) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _check_target(slo_target, targets) -> float:
    """``slo_target`` as one of the slider's ``targets``, or an error naming ``slo_target``."""
    slo_target = check_fraction("slo_target", slo_target, scalar=True)
    if slo_target not in targets:
        raise ValueError(message("slo_target", "one of the slider's targets "
                                 + ", ".join(f"{t:g}" for t in targets), slo_target))
    return slo_target


def _traffic_name(service: str) -> str:
    """How messages name one service's frame of a factory's ``traffic`` argument."""
    return f"traffic of {service!r}"


def _check_frame(frame, service: str):
    """A frame indexed by time, oldest row first, with at least one row: else an error.

    Dashboards read the first and last timestamps of a frame (the days a
    slider offers) before any core function sees it, so the order is checked
    here, with a message about the order rather than about what it broke.
    """
    import pandas as pd

    where = _traffic_name(service)
    index = frame.index
    if not isinstance(index, pd.DatetimeIndex):
        raise TypeError(f"{where} must be indexed by time (a DatetimeIndex); "
                        f"got a {type(index).__name__}.")
    if len(index) == 0:
        raise ValueError(f"{where} must have at least one row; got an empty DataFrame.")
    if not index.is_monotonic_increasing or not index.is_unique:
        back = index[1:] <= index[:-1]
        i = int(back.argmax())
        raise ValueError(f"{where} must be sorted by time, oldest row first, each time once; "
                         f"got {index[i + 1]} after {index[i]}. Sort it with .sort_index() "
                         f"(and drop repeated times).")
    return frame


def _split_services(traffic) -> dict:
    """``{service: one-service frame}`` from None (the course data), a dict or a long frame.

    Each frame is checked by :func:`_check_frame` (indexed by time, oldest first).
    """
    import pandas as pd

    if traffic is None:
        from ..datasets import load_requests
        from ..simulation import SERVICE_NAMES

        return {name: load_requests(service=name) for name in SERVICE_NAMES}
    if isinstance(traffic, Mapping):
        if not traffic or not all(isinstance(f, pd.DataFrame) for f in traffic.values()):
            raise TypeError(message("traffic", "a dict {service: DataFrame}", traffic))
        frames = dict(traffic)
    elif isinstance(traffic, pd.DataFrame) and {"service", "timestamp"} <= set(traffic.columns):
        frames = {name: group.drop(columns="service").set_index("timestamp")
                  for name, group in traffic.groupby("service", sort=False)}
    else:
        raise TypeError(message(
            "traffic", "None (the course data), a dict {service: DataFrame} or the long frame "
            "of sl.load_requests()", type(traffic).__name__))
    if not frames:
        raise ValueError(message("traffic", "a frame with at least one row", "an empty DataFrame"))
    return {name: _check_frame(frame, name) for name, frame in frames.items()}
