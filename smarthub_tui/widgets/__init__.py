"""Reusable widgets of the wizard: each one documented, each one safe with untrusted text.

Screens import from here.  Pillow is not imported by this package: only
`CaptchaImage` needs it, and it imports it the first time it draws.  The
CAPTCHA widgets (and with them hashlib and the proof of work) and the
password checklist are imported when first named (module `__getattr__`),
not with the package: the welcome screen, which the start waits for, uses
none of them (about 3 ms of imports before it took keys).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smarthub_tui.lazy_names import lazy_names
from smarthub_tui.widgets.busy import BusyIndicator, ErrorPanel
from smarthub_tui.widgets.field_error import FieldError
from smarthub_tui.widgets.safe_text import SafeText, safe_content, safe_static
from smarthub_tui.widgets.secret_input import SecretInput
from smarthub_tui.widgets.step_header import StepHeader

if TYPE_CHECKING:
    from smarthub_tui.widgets.captcha_checkbox import ProofOfWorkCheckbox
    from smarthub_tui.widgets.captcha_image import CaptchaImage, CaptchaImageError, HalfBlockPicture, render_png
    from smarthub_tui.widgets.password_checklist import PasswordChecklist

_LATER = {
    "CaptchaImage": "captcha_image",
    "CaptchaImageError": "captcha_image",
    "HalfBlockPicture": "captcha_image",
    "render_png": "captcha_image",
    "ProofOfWorkCheckbox": "captcha_checkbox",
    "PasswordChecklist": "password_checklist",
}
"""The widgets imported at their first use: name -> module of this package."""


__getattr__ = lazy_names(__name__, _LATER, globals())


__all__ = [
    "BusyIndicator",
    "CaptchaImage",
    "CaptchaImageError",
    "ErrorPanel",
    "FieldError",
    "HalfBlockPicture",
    "PasswordChecklist",
    "ProofOfWorkCheckbox",
    "SafeText",
    "SecretInput",
    "StepHeader",
    "render_png",
    "safe_content",
    "safe_static",
]
