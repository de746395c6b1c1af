"""JECEC's guide, "How to register for SmartHub" (shared/seeds/000_092823f00772487a.txt), line by line.

One row per line a member sees or acts on, in the guide's order (see
tests/support/fidelity.py for the kinds of row).  The walk registers the
`jecec` demo member in the running app; the test fails when a quoted line
stops appearing on its screen, a guide's button loses its label, or the
screens come in another order than the guide's.
"""

from __future__ import annotations

from tests.support.fidelity import Narration, Pressed, Row, Shown, ShownAs, missing, out_of_order, walk_guide

GUIDE: list[Row] = [
    Narration("HOW TO REGISTER FOR SMARTHUB (web portal)", "the guide's title"),
    ShownAs("Jackson Electric Cooperative, Inc.", "welcome", "JECEC", "the short name heads every screen; the full name signs the e-mail"),
    Shown("Jackson Electric Cooperative, Inc.", "inbox"),
    Narration("Click Electric Account Portal/Pay Online on our website.", "the co-op's web site: the wizard starts at its login screen"),
    Pressed("Don't have an account? Register Now", "welcome"),
    Narration("Fill out the registration form completely.", "an instruction; the form's fields are all required"),
    Pressed("Continue", "register"),
    Shown("Enter the requested verification information", "identity"),
    Shown("Answers must match account info exactly.", "identity"),
    Pressed("Register", "identity"),
    ShownAs(
        "When successful, you'll get a congratulations notification.",
        "congratulations",
        "Congratulations!",
        "the notification itself: its heading",
    ),
    Shown("Instructions on how to continue have been emailed to you.", "congratulations"),
    Shown("Check your inbox for a verification email", "congratulations"),
    Shown("Verify Account", "inbox"),
    ShownAs(
        "Click the Verify Account button to continue.",
        "inbox",
        "enter this verification code in the SmartHub registration wizard",
        "a terminal cannot follow an e-mail's button: the e-mail carries the link and its code, which the wizard asks for",
    ),
    Shown("New Password", "password"),
    ShownAs("Enter your password twice", "password", "Confirm Password", "the second entry's label"),
    Pressed("Save", "password"),
    Shown("Paperless Billing", "paperless"),
    Pressed("Yes, Go Paperless", "paperless"),
    ShownAs("Finally, you'll be asked to set a security phrase.", "security_phrase", "Security Phrase", "the step's heading"),
    Shown("Congratulations!", "finished"),
    Shown("You have successfully registered your account.", "finished"),
    Shown("Browse around and see the ways to save time and money!", "finished"),
    Shown("Visit jecec.com/smarthub for more information.", "finished"),
]


async def test_jecec_reproduces_its_guide_line_by_line() -> None:
    seen = await walk_guide("jecec")
    problems = missing(GUIDE, seen) + out_of_order(GUIDE, seen)
    assert not problems, "\n".join(problems)
