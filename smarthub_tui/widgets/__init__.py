"""Reusable widgets of the wizard: each one documented, each one safe with untrusted text.

Screens import from here.  Pillow is not imported by this package: only
`CaptchaImage` needs it, and it imports it the first time it draws.
"""

from smarthub_tui.widgets.busy import BusyIndicator, ErrorPanel
from smarthub_tui.widgets.captcha_checkbox import ProofOfWorkCheckbox
from smarthub_tui.widgets.captcha_image import CaptchaImage, CaptchaImageError, HalfBlockPicture, render_png
from smarthub_tui.widgets.field_error import FieldError
from smarthub_tui.widgets.password_checklist import PasswordChecklist
from smarthub_tui.widgets.safe_text import SafeText, safe_content, safe_static
from smarthub_tui.widgets.secret_input import SecretInput
from smarthub_tui.widgets.step_header import StepHeader

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
