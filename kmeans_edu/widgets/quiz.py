"""A multiple-choice question as a widget, operable by keyboard, whose result reaches ``exercises.progress()``.

Tab moves to the options (arrow keys choose one) and on to the Check button (Enter or Space presses it).
After a check the chosen option's explanation is shown; after the right answer, every option's.
"""

import html

import ipywidgets as widgets

from ._common import App


class QuizApp(App):
    """One question of :mod:`kmeans_edu.exercises` (a ``ChoiceExercise``).

    Parameters
    ----------
    exercise_id : str
        The id of a multiple-choice exercise.

    Attributes
    ----------
    controls : dict
        ``"choice"`` (RadioButtons, one per option, labelled "(a) ...") and ``"check"`` (Button).
    state : dict
        ``"result"``: the last :class:`~kmeans_edu.exercises.CheckResult`, or None.
    """

    def __init__(self, exercise_id):
        super().__init__()
        from ..exercises import _core

        ex = _core.get(exercise_id)
        if ex.kind != "choice":
            raise ValueError(f"exercise_id {exercise_id!r} is a {ex.kind} exercise; quiz() shows multiple-choice ones. "
                             f"Answer it with check({exercise_id!r}, ...).")
        self.exercise = ex
        labels = [f"({letter}) {opt.text}" for letter, opt in zip(ex.letters, ex.options, strict=True)]
        question = widgets.HTML(f"<p><strong>{html.escape(ex.title)}</strong><br>{html.escape(ex.question)}</p>")
        choice = widgets.RadioButtons(options=labels, index=None, description="", layout=widgets.Layout(width="auto"),
                                      style={"description_width": "0px"})
        check = widgets.Button(description="Check", tooltip="Check the chosen answer", button_style="")
        self.feedback = widgets.HTML(value="<p>Choose an option, then press Check.</p>")
        self.controls = {"choice": choice, "check": check}
        self.state = {"result": None}
        check.on_click(self._on_check)
        box = widgets.VBox([question, choice, check, self.feedback],
                           layout=widgets.Layout(border="1px solid #999", padding="6px", margin="6px 0"))
        box.add_class("kmeans-edu-quiz")  # the browser tests leave quizzes to tests/test_exercises.py
        self._finish(box)

    def _on_check(self, _button=None):
        from ..exercises import _core

        index = self.controls["choice"].index
        if index is None:
            self.feedback.value = "<p>No option chosen yet: choose one, then press Check.</p>"
            return
        result = _core.check(self.exercise.id, index)
        self.state["result"] = result
        parts = [result._repr_html_()]
        if result.passed:
            items = "".join(
                f"<li><strong>({letter}) {'right' if opt.correct else 'wrong'}</strong>: "
                f"{html.escape(opt.explanation)}</li>"
                for letter, opt in zip(self.exercise.letters, self.exercise.options, strict=True)
            )
            parts.append(f"<p>Every option explained:</p><ul>{items}</ul>")
        self.feedback.value = "".join(parts)
