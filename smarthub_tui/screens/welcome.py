"""Screen 1, welcome / log-in: the co-op's SmartHub login, and the way in for new users.

As on the co-op's portal (PEC set-up guide, step 1): E-Mail, Password,
Login, "Can't access your account?" and "New User? Register".  A member who
logs in goes on to finish what is not set up yet (a new password when the
temporary one is in use, paperless, security phrase); a new user goes to the
registration form (Ctrl+N from anywhere on this screen).  All wording is the
co-op's (`profile.texts`).  Where the co-op's member types the e-mailed
temporary password here (`verifyAtLogin`, PEC), a demo backend's inbox opens
with F3, as on the Verify step, and "Use this code" puts it in Password.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.widgets import Button, Input

from smarthub_tui import strings
from smarthub_tui.flow import Mode, Next, Reroute, StepId, offers_verify_later
from smarthub_tui.modes import UserMode
from smarthub_tui.registry import controller_for
from smarthub_tui.screens import preload
from smarthub_tui.screens.base import StepScreen
from smarthub_tui.screens.confirm import ConfirmScreen
from smarthub_tui.screens.keys import with_key
from smarthub_tui.state import SignInAnswers
from smarthub_tui.widgets import SafeText, SecretInput, safe_content
from smarthub_tui.widgets.secret_input import register_parts_css

if TYPE_CHECKING:
    from smarthub_tui.backend.embedded import EmbeddedBackend


def demo_accounts_table(controls: EmbeddedBackend | None) -> str:
    """The demo accounts as a title and two columns of "number  ZIP  last name" (empty off the demo in this process).

    Two columns, filled down first, so the list costs three lines at most
    and the welcome's own fields, Login and links stay on an 80x24 screen.
    Plain aligned text, so a presenter can select and copy a number.
    """
    if controls is None:
        return ""
    from rich.cells import cell_len

    rows = [f"{a.account_number:<10}  {a.zip_code:<5}  {a.last_name}" for a in controls.demo_accounts()]
    if not rows:
        return ""
    height = (len(rows) + 1) // 2
    left, right = rows[:height], rows[height:]
    width = max(cell_len(row) for row in left)
    lines = [
        row + (" " * (width - cell_len(row)) + "   " + right[index] if index < len(right) else "")
        for index, row in enumerate(left)
    ]
    return "\n".join([strings.DEMO_ACCOUNTS_TITLE, *("  " + line for line in lines)])


def _build_then_preload() -> None:
    """Behind the welcome, in a thread: the dataclasses the start left unbuilt (`lazy_dataclass`), then the other screens."""
    from smarthub_tui import lazy_dataclass

    lazy_dataclass.finish()
    preload()


def link(label: str, id: str) -> Button:
    """A one-line button that reads like the portal's links."""
    return Button(safe_content(label, single_line=True), id=id, compact=True, classes="link")


class WelcomeScreen(StepScreen):
    """Log in, start registering, or Forgot Password; dismisses with `Next(Mode)`."""

    BINDINGS = [
        Binding("ctrl+n", "register", strings.KEY_REGISTER),
        Binding("escape", "stop_waiting", strings.KEY_STOP),  # only while signing in; nothing comes before
        Binding("f10", "cancel", strings.KEY_CANCEL, show=False),
        Binding("f3", "inbox", strings.KEY_INBOX),
        Binding("ctrl+r", "reset_demo", strings.KEY_RESET_DEMO),  # the demo in this process only
        # Not Ctrl+E: the e-mail field (focused here) takes it to its end of line.
        Binding("ctrl+o", "verify_later", strings.KEY_VERIFY_LATER),  # code-style co-ops only
    ]

    initial: SignInAnswers

    def _screen_resized(self, size: Size) -> None:
        """Not laid out whole again for the size it is laid out for; a real resize differs in size.

        Why: Textual keeps the terminal's last Resize even when the size did
        not change and hands it to the screen once the app is first idle, so
        the welcome, just laid out by its arrival, was laid out and painted
        whole a second time (about 8 ms before it took keys).  What changed
        since asks for its own layout as usual.
        """
        if self._resize_seen and self._compositor.size == size:
            return
        super()._screen_resized(size)

    def _post_register(self, app: App[object]) -> None:
        # the password field's Button and Input CSS parsed once, not again as it mounts
        super()._post_register(app)
        register_parts_css(app)

    def compose_body(self) -> ComposeResult:
        texts = self.profile.texts
        yield SafeText(texts.loginIntro, classes="intro")
        accounts = demo_accounts_table(self.demo_controls)
        if accounts or self.controller.demo:
            # The badge until the demo in this process is built behind this screen (`_show_demo_accounts`).
            yield SafeText(accounts or strings.DEMO_BADGE, id="demo-accounts", classes="note")
        yield self.field_row("email", Input(self.initial.email, id="email"))
        yield self.field_row("password", SecretInput(id="password"))
        if self.inbox_here and self.temporary_password_waits:
            yield SafeText(strings.LABEL_VERIFY_DEMO_HINT, classes="note")

    @property
    def temporary_password_waits(self) -> bool:
        """True only straight after Congratulations: after a reset or a sign-out the password is the member's own, not in the inbox."""
        return self.notice is not None and self.notice.message == strings.LOGIN_WITH_TEMPORARY_PASSWORD

    @property
    def inbox_here(self) -> bool:
        """True where the demo inbox holds what is typed here: a temporary password on a demo backend."""
        return self.controller.demo and self.profile.verifyAtLogin

    def compose_after_buttons(self) -> ComposeResult:
        texts = self.profile.texts
        with Vertical(id="links"):
            yield link(with_key(texts.newUserLink, "Ctrl+N"), "register")
            if offers_verify_later(self.profile):
                # One row with "Can't access your account?": a line more would push the links below an 80x24 demo's fold.
                with Horizontal(id="link-row"):
                    yield link(texts.cantAccess, "cant-access")
                    yield link(with_key(strings.VERIFY_LATER_LINK, "Ctrl+O"), "verify-later")
            else:
                yield link(texts.cantAccess, "cant-access")

    def on_mount(self) -> None:
        """Once drawn and taking keys: build a backend that waited for it (the embedded demo's server), load the other screens."""
        self.call_after_refresh(self._warm_up)

    def _warm_up(self) -> None:
        self.controller.wizard.warm_up()
        self.run_worker(self._confirm_settings(), group="confirm-settings", exit_on_error=False)
        self.app.run_worker(_build_then_preload, thread=True, group="preload", exit_on_error=False)
        if self.controller.demo and self.demo_controls is None:
            self.run_worker(self._show_demo_accounts(), group="demo-accounts", exit_on_error=False)

    async def _confirm_settings(self) -> None:
        """The co-op's words shown here before they were validated (`profile_data.UncheckedProfile`): not valid, the wizard stops.

        Nothing was sent (every call waits for the same validation); the
        command line prints why, as it does for a bad ``--profile``.
        """
        if await self.controller.wizard.confirm_settings() is not None:
            self.app.exit(return_code=2)

    async def _show_demo_accounts(self) -> None:
        """Once the demo server is built behind this screen: its accounts in place of the badge, and Ctrl+R in the footer."""
        backend = self.controller.wizard.backend
        ready = getattr(backend, "ready", None)
        if ready is not None:
            await ready()
        accounts = demo_accounts_table(self.demo_controls)
        if accounts:
            self.query_one("#demo-accounts", SafeText).update(accounts)
            self.refresh_bindings()

    def focus_first(self) -> None:
        """Back here after Congratulations with the e-mail waiting (`verifyAtLogin`): the Password is next."""
        if self.profile.verifyAtLogin and self.initial.email:
            self.focus_field("password")

    def collect(self) -> SignInAnswers:
        return SignInAnswers(
            email=self.query_one("#email", Input).value,
            password=self.query_one("#password", SecretInput).value,
        )

    def succeeded(self, answers: SignInAnswers, result: object) -> None:
        """Signed in: the flow goes on in sign-in mode (password, paperless, phrase as needed)."""
        self.dismiss(Next(Mode.SIGN_IN))

    def action_register(self) -> None:
        """Ctrl+N or "New User? Register": go to the registration form."""
        self.stop_call()
        self.controller.remember(self.collect())
        self.dismiss(Next(Mode.REGISTER))

    def go_back(self) -> None:
        """Nothing comes before the welcome screen."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("cancel", "stop_here"):
            return False  # nothing to cancel yet
        if action == "inbox":
            return self.inbox_here
        if action == "reset_demo":
            # Never at a kiosk, demo or not: a visitor would wipe every other visitor's practice registration.
            return self.demo_controls is not None and self.controller.wizard.mode is not UserMode.KIOSK
        if action == "verify_later":
            return offers_verify_later(self.profile)
        return super().check_action(action, parameters)

    # demo mode: the accounts to register with, and starting over

    @property
    def demo_controls(self) -> EmbeddedBackend | None:
        """The demo backend in this process (never a --server one, demo or not), or None."""
        wizard = self.controller.wizard
        # Imported here, not at the top: the embedded demo (httpx, the server's
        # profile) is built behind the welcome, so importing it first would
        # delay the welcome's first keys.  Until it is imported, no backend in
        # this process can be one.
        if not wizard.connected or "smarthub_tui.backend.embedded" not in sys.modules:
            return None
        from smarthub_tui.backend.embedded import demo_controls

        return demo_controls(wizard.backend)

    def action_reset_demo(self) -> None:
        """Ctrl+R (the demo in this process): after asking, the demo data back to its seed and everything typed wiped."""
        controls = self.demo_controls
        if controls is None or self.busy:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.stop_call()
                self.run_call(controls.reset_demo, self._demo_reset, busy_text=strings.BUSY_RESETTING_DEMO)

        self.app.push_screen(ConfirmScreen(strings.CONFIRM_RESET_DEMO_TITLE, strings.CONFIRM_RESET_DEMO_TEXT), answered)

    def _demo_reset(self, _result: object) -> None:
        """Reset on the server: nothing of anyone stays here either; a fresh welcome screen, and a toast says it is done.

        A toast, not the screen's notice line: that line would push the
        links below the fold of an 80x24 demo welcome screen.
        """
        self.controller.state.reset()
        self.app.notify(strings.DEMO_RESET_DONE, markup=False)
        self.dismiss(Reroute(StepId.WELCOME))

    def action_inbox(self) -> None:
        """F3 (demo, `verifyAtLogin`): read the e-mails sent to the address typed; take the temporary password into Password."""
        if not self.inbox_here or self.busy:
            return
        self.controller.remember(self.collect())  # the inbox of the e-mail as typed now
        # imported here, at F3, not before the welcome takes keys
        from smarthub_tui.screens.inbox import open_demo_inbox
        from smarthub_tui.steps.verify import VerifyStep

        reader = controller_for(StepId.VERIFY, self.controller.wizard)
        if isinstance(reader, VerifyStep):
            open_demo_inbox(self, reader, "password")

    @on(Button.Pressed, "#register")
    def _register_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_register()

    @on(Button.Pressed, "#cant-access")
    def _cant_access_pressed(self, event: Button.Pressed) -> None:
        """"Can't access your account?": Forgot Password, with the e-mail typed here taken along."""
        event.stop()
        self.stop_call()
        self.controller.remember(self.collect())
        self.dismiss(Next(Mode.RECOVER))

    # verify later: a member registered earlier (by an agent, or who stopped after Congratulations)

    def action_verify_later(self) -> None:
        """Ctrl+O or "Have a code from our e-mail?": the Verify step and what follows it in a registration.

        The e-mail typed here goes along: the server needs only the code, but
        the Verify step names the address and the demo inbox reads it.
        """
        if not offers_verify_later(self.profile):
            return
        self.stop_call()
        self.controller.remember(self.collect())
        self.dismiss(Next(Mode.VERIFY_LATER))

    @on(Button.Pressed, "#verify-later")
    def _verify_later_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_verify_later()
