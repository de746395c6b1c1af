"""PEC's set-up guide, "How to set up SmartHub" (shared/seeds/002_6f25acce1a6130cb.txt), line by line.

One row per line a member sees or acts on, in the guide's order (kinds of row:
tests/support/fidelity.py).  The walk registers the `pec-setup` demo member in
the running app: the Verify Account code is the Current Password of "Please
change your password", as the guide's Step 4 and Step 5 have it.
"""

from __future__ import annotations

from tests.support.fidelity import Narration, Pressed, Row, Shown, ShownAs, missing, out_of_order, walk_guide

GUIDE: list[Row] = [
    Narration("How to set up SmartHub", "the guide's title"),
    Narration("Visit pec.smarthub.coop and select the new user link.", "the co-op's site: the wizard starts at its login screen"),
    ShownAs("E-Mail:", "welcome", "E-Mail Password", "the login's two labels, without the web form's colons"),
    Pressed("Login", "welcome"),
    Pressed("Can't access your account?", "welcome"),
    Pressed("New User? Register to use SmartHub!", "welcome"),
    Narration("Fill out the following information and submit.", "an instruction"),
    Shown("New User Registration", "register"),
    Shown("To register as a new user, please enter the following information.", "register"),
    Shown("Billing Account Number", "register"),
    Shown("Last Name or Business", "register"),
    Shown("E-mail Address", "register"),
    Shown("Confirm E-mail Address", "register"),
    Pressed("Submit", "register"),
    Pressed("Cancel", "register"),
    Narration("Complete these security steps and submit.", "an instruction"),
    Shown(
        "Please answer the following about the account that you are trying to register in order to protect you "
        "against identity theft.",
        "identity",
    ),
    ShownAs(
        "Security Question 1",
        "identity",
        "Billing ZIP Code",
        "the one question is the field's label; 'Security Question 1' names a place in the web form",
    ),
    Shown("Billing ZIP Code", "identity"),
    Pressed("Submit", "identity"),
    Shown("[ ] I'm not a robot", "captcha"),
    Pressed("Submit", "captcha"),
    Pressed("I accept the Terms and Conditions", "terms"),
    Pressed("Submit", "terms"),
    Shown("You will receive a confirmation email to verify your account and reset your password.", "congratulations"),
    Shown("Welcome to SmartHub!", "inbox"),
    Shown(
        "Your SmartHub registration was successful. Please click the link below to verify your account and set your password.",
        "inbox",
    ),
    Shown("Verify Account", "inbox"),
    Narration("Fill out the information below to reset your password.", "an instruction"),
    Shown("Please change your password", "password"),
    Shown("E-Mail Address", "password"),
    Shown("Current Password", "password"),
    Shown("New Password", "password"),
    Shown("Confirm Password", "password"),
    Pressed("Submit", "password"),
    Narration(
        "Next, you will be asked if you'd like to activate paperless billing. (Please note: This step is optional "
        "and not required to access your account.)",
        "narration; the step is optional in behaviour: Enter with no choice, or Cancel, keeps paper bills",
    ),
    Shown("Would you like to turn off paper bills?", "paperless"),
    Pressed("Yes", "paperless"),
    Pressed("No", "paperless"),
    Shown("Please note that this will apply to all accounts registered with this email address.", "paperless"),
    Pressed("Submit", "paperless"),
    Pressed("Cancel", "paperless"),
    Narration("One final step, provide a security phrase; this is not a password, but a security verification.", "narration"),
    Shown("Security Phrase", "security_phrase"),
    Shown(
        "Please choose a Security Phrase before proceeding. This phrase is required to be set up before you can make "
        "payments, store or update credit cards and bank accounts for future payments, or sign up for Auto Pay.",
        "security_phrase",
    ),
    Shown(
        "When entering your financial information, if the Security Phrase displayed on the form does not match your "
        "chosen phrase, please DO NOT enter any personal information and contact customer service.",
        "security_phrase",
    ),
    Shown(
        "You can update your Security Phrase at any time by selecting 'Update My Security Phrase' under the 'My Profile' tab.",
        "security_phrase",
    ),
    Shown("Minimum of 5 characters in length", "security_phrase"),
    Pressed("What's a good security phrase?", "security_phrase"),
    Pressed("Save", "security_phrase"),
    Shown(
        "Explore and enjoy the features of SmartHub – pay your bill, view your electricity use and billing history, "
        "report outages, and more.",
        "finished",
    ),
    Pressed("Update My Security Phrase", "my_profile"),
]


async def test_pec_setup_reproduces_its_guide_line_by_line() -> None:
    seen = await walk_guide("pec-setup")
    problems = missing(GUIDE, seen) + out_of_order(GUIDE, seen)
    assert not problems, "\n".join(problems)
