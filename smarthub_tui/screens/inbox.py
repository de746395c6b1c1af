"""The demo inbox: the e-mails the demo server "sent" to the member, without a mail client.

Only on the embedded backend or a server started with ``--demo`` (the
settings say so).  It lists `demo_outbox(email)`, newest first: sender,
subject and body, all shown as inert plain text (a body is server data).
"Use this code" takes the verification code or temporary password from the
newest e-mail into the field below, read by the co-op's e-mail template.
Esc closes it; a failed fetch offers Retry like every other call.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input

from smarthub_tui import strings
from smarthub_tui.flow import Reroute
from smarthub_tui.models import OutboxMessage
from smarthub_tui.screens.base import StepScreen, WizardScreen, button
from smarthub_tui.screens.keys import with_key
from smarthub_tui.steps import FormProblem, Problem, ResetCodeStep, VerifyStep
from smarthub_tui.steps.contacts import ContactsStep  # its code form reads the demo inbox too
from smarthub_tui.widgets import SafeText, SecretInput, StepHeader


class InboxScreen(WizardScreen):
    """The member's demo e-mails; dismisses with the code to use, or None."""

    BINDINGS = [
        Binding("escape", "back", strings.BUTTON_CLOSE),
        Binding("u", "use_code", strings.BUTTON_USE_CODE, show=False),  # the button says "(U)"
        # The focus sits on a button, so the mail scrolls from the screen: a long e-mail is read whole.
        Binding("pagedown,down", "scroll_mail(1)", strings.KEY_SCROLL_MAIL, key_display="pgdn"),
        Binding("pageup,up", "scroll_mail(-1)", strings.KEY_SCROLL_MAIL, show=False),
    ]

    def __init__(self, controller: VerifyStep | ResetCodeStep | ContactsStep, *, read_only: bool = False) -> None:
        super().__init__()
        self.controller = controller
        self.read_only = read_only
        """Opened where no field takes a code (F3 after registration): the e-mails only, no "Use this code"."""
        self._code: str | None = None

    def compose(self) -> ComposeResult:
        yield StepHeader(self.controller.profile.shortName, strings.INBOX_TITLE.format(email=self.controller.email), 0, 0, id="header")
        with VerticalScroll(id="body", can_focus=True):
            yield Vertical(id="messages")
        with Horizontal(id="buttons"):
            yield button(with_key(strings.BUTTON_USE_CODE, "U"), "use-code", variant="primary")
            yield button(with_key(strings.BUTTON_CLOSE, "Esc"), "close")
        yield from self.compose_status()

    def on_mount(self) -> None:
        self.query_one("#use-code", Button).display = False
        self.query_one("#close", Button).focus()
        self.run_call(self.controller.outbox, self._show, busy_text=strings.INBOX_LOADING, is_load=True)

    def _show(self, messages: list[OutboxMessage]) -> None:
        box = self.query_one("#messages", Vertical)
        box.remove_children()
        if not messages:
            box.mount(SafeText(strings.INBOX_EMPTY, classes="note"))
            return
        widgets = []
        for message in messages:
            widgets.append(
                Vertical(
                    SafeText(strings.INBOX_SUBJECT.format(subject=message.subject), classes="mail-subject", single_line=True),
                    SafeText(strings.INBOX_FROM.format(sender=message.sender), classes="note", single_line=True),
                    SafeText(message.body.strip(), classes="mail-body"),
                    classes="mail",
                )
            )
        box.mount_all(widgets)
        self._code = None if self.read_only else self.controller.newest_code(messages)
        use = self.query_one("#use-code", Button)
        use.display = self._code is not None
        if self._code is not None:
            use.focus()
        self.refresh_bindings()

    def explain(self, error) -> Problem:  # noqa: ANN001
        problem = self.controller.explain(error)
        # The inbox only reads: it never takes the wizard elsewhere, it says what went wrong.
        return FormProblem(problem.message) if isinstance(problem, Reroute) else problem

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "use_code":
            return self._code is not None
        return True

    def go_back(self) -> None:
        self.dismiss(None)

    def action_scroll_mail(self, direction: int) -> None:
        """PgDn/↓ and PgUp/↑: scroll the e-mails, wherever the focus is."""
        body = self.query_one("#body", VerticalScroll)
        if direction > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def action_use_code(self) -> None:
        """Close the inbox and put the code from the newest e-mail into the field."""
        if self._code is not None:
            self.dismiss(self._code)

    @on(Button.Pressed, "#use-code")
    def _use(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_use_code()

    @on(Button.Pressed, "#close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)


def open_demo_inbox(
    screen: StepScreen, reader: VerifyStep | ResetCodeStep | ContactsStep, field: str, *, then: str | None = None
) -> None:
    """F3 on a demo backend: `reader`'s demo inbox over `screen`; the code the person takes goes into `field`.

    One way for every screen where an e-mailed secret is typed (the Verify
    Account code, a Forgot Password code, a contact's code, a temporary
    password at the login, the code as Current Password): the field gets the
    code and the focus goes on to `then` (where more is left to type), or the
    field keeps the focus when the person closes the inbox.
    """

    def take(code: object) -> None:
        if isinstance(code, str) and code:
            box = screen.query_one(f"#{field}")
            if isinstance(box, (Input, SecretInput)):
                box.value = code
                screen.focus_field(then or field)
                return
        screen.focus_field(field)

    screen.app.push_screen(InboxScreen(reader), take)


class CodeFromInboxScreen(StepScreen):
    """A step screen whose ``#code`` field an e-mailed code fills: F3 (demo only) opens the demo inbox for it.

    The Verify Account code, the Forgot Password code and a contact's code;
    each screen still lists its F3 binding itself (the footer keeps its order).
    """

    controller: VerifyStep | ResetCodeStep | ContactsStep

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "inbox":
            return self.controller.demo
        return super().check_action(action, parameters)

    def action_inbox(self) -> None:
        """F3 (demo only): read what the demo server sent; the code taken goes into the field."""
        if self.controller.demo and not self.busy:
            open_demo_inbox(self, self.controller, "code")


# --- demo mode (issue 10): the inbox one key away on every screen after registration ---


def inbox_reader_here(screen: object) -> VerifyStep | None:
    """Who reads the demo inbox from `screen` with F3 when the screen has no code field of its own, or None.

    Only on a step screen of a demo backend, once the member has an account
    (registered in this walk, or signed in): before that there is no
    address whose mail to read.  A screen that reads the inbox itself (a
    code field) handles F3 first; this is the fallback for the others.
    """
    from smarthub_tui.flow import StepId
    from smarthub_tui.registry import controller_for

    if not isinstance(screen, StepScreen) or not screen.controller.demo:
        return None
    state = screen.controller.state
    if state.receipt is None and state.auth is None:
        return None
    reader = controller_for(StepId.VERIFY, screen.controller.wizard)
    if not isinstance(reader, VerifyStep) or not reader.email:
        return None
    return reader


def open_inbox_read_only(screen: StepScreen, reader: VerifyStep) -> None:
    """The demo inbox over `screen`, to read (no code is taken anywhere); the focus comes back where it was."""
    focused = screen.focused

    def closed(_code: object) -> None:
        if focused is not None and focused.is_attached:
            focused.focus()

    screen.app.push_screen(InboxScreen(reader, read_only=True), closed)
