"""PEC's guide, "SmartHub: New User Registration" (shared/seeds/001_89ed0b3e3eac8125.txt), line by line.

One row per line a member sees or acts on, in the guide's order (kinds of row:
tests/support/fidelity.py).  The walk registers the `pec` demo member in the
running app, logs in with the e-mailed temporary password where the guide
does, then visits My Profile for the guide's last section (Unsubscribe).
"""

from __future__ import annotations

from tests.support.fidelity import Narration, Pressed, Row, Shown, ShownAs, missing, out_of_order, walk_guide

SCREENSHOT = "the caption of a screenshot: the screen itself is checked by the rows that quote it"

GUIDE: list[Row] = [
    Narration("SmartHub: New User Registration", "the guide's page header"),
    Narration("These instructions cover registering for SmartHub.", "the guide's introduction"),
    ShownAs(
        "PEC members will find the SmartHub web application at pec.smarthub.coop.",
        "welcome",
        "PEC · Welcome to SmartHub",
        "this wizard is where the member is: it does not send them to the co-op's site",
    ),
    Pressed("Sign up to access our Self Service site", "welcome"),
    Shown("New User Registration", "register"),
    ShownAs(
        "To register, you will need your account number, which you'll find on your PEC bill.",
        "register",
        "Account Number",
        "the field the sentence asks for",
    ),
    Shown("Last Name or Business", "register"),
    ShownAs("You also will be asked to provide a valid email address.", "register", "E-Mail Address", "the field's label"),
    Pressed("Submit", "register"),
    Shown("To register as a new user, please enter the following information.", "register"),
    Pressed("Reset", "register"),
    Pressed("Cancel", "register"),
    Narration('A screenshot of the "New User Registration" form ... "POWER OF COMMUNITY ..."', SCREENSHOT),
    ShownAs(
        "If the account number and last name match information stored in our system, you will see an additional "
        "field loaded on the form asking you to answer a security question.",
        "identity",
        "Please answer the following about the account that you are trying to register in order to protect you "
        "against identity theft.",
        "one step per screen: the question comes on the next screen rather than loaded into the same form",
    ),
    Shown("Mailing ZIP Code", "identity"),
    ShownAs(
        "or the last four digits of a Social Security Number or Tax ID Number",
        "identity",
        "Last 4 digits of SSN or",
        "the guide describes the answer; the label is 'Last 4 digits of SSN or Tax ID' (it wraps beside Show)",
    ),
    Shown("Please select a Secret Hint Question to answer. We may ask you to answer this, if you forget your login credentials.", "hint"),
    Pressed("What is your mother's maiden name?", "hint"),
    Pressed("What is your pet's name?", "hint"),
    Pressed("Which high school did you attend?", "hint"),
    Shown(
        "Make sure the answer is easy to remember; this will be used as a secondary security measure if you forget "
        "your password after you have registered.",
        "hint",
    ),
    ShownAs(
        "Security Question 1 Answer",
        "hint",
        "Answer",
        "the field sits under the question it answers; 'Security Question 1' names a place in the web form",
    ),
    Shown("Type the text", "captcha"),
    Narration("the picture below.", "a fragment of the web page around the CAPTCHA picture"),
    Narration("Privacy & Terms", "the CAPTCHA vendor's link on the web page"),
    Shown("I accept the Terms and Conditions", "terms"),
    Pressed("Submit", "terms"),
    Shown("Congratulations!", "congratulations"),
    Shown(
        "Your registration is complete. You will receive an e-mail with a temporary password. "
        "Use it to login and change your password.",
        "congratulations",
    ),
    Pressed("Login", "congratulations"),
    ShownAs(
        "Clicking the \"Login\" button takes you back to the login screen, where the email address you provided "
        "should be waiting for you.",
        "login",
        "jane.doe@example.com",
        "the login screen, the member's e-mail in its field",
    ),
    Shown("pec-no-reply@smarthub.coop", "inbox"),
    ShownAs(
        "You may need to check your spam or junk mail folders if you do not see the email within a few minutes.",
        "congratulations",
        "Not there in a few minutes? Check your spam or junk folder.",
        "the app's one wording of this advice for every co-op",
    ),
    Shown("Password", "login"),
    Pressed("Login", "login"),
    ShownAs(
        "you will be directed to a screen and asked to create a replacement password.",
        "password",
        "Create a replacement password",
        "the screen's heading, in the guide's words",
    ),
    ShownAs(
        "Your new password needs to be at least six characters long, no more than 10 characters and include at "
        "least one uppercase letter and one number.",
        "password",
        "At least 6 characters · not yet No more than 10 characters · not yet An uppercase letter · not yet A number",
        "a checklist that ticks each rule as the member types",
    ),
    ShownAs("confirming it in the bottom field", "password", "Confirm Password", "the bottom field's label"),
    Pressed("Submit", "password"),
    ShownAs(
        "You may be asked if you would like to turn on paperless billing.",
        "paperless",
        "Would you like to turn on paperless billing?",
        "the question, in the guide's words",
    ),
    Shown("Unless you choose the option you will continue to receive your PEC bill by mail.", "paperless"),
    Pressed("Submit", "paperless"),
    Pressed("Cancel", "paperless"),
    ShownAs(
        "to proceed to the main SmartHub screen.",
        "my_profile",
        "My Profile",
        "the main screen of this wizard is My Profile, where the member lands once signed in",
    ),
    Narration(
        "If you choose to activate paperless bills, you will be notified your bill is available by email at the "
        "email address used as your SmartHub username.",
        "what happens after registration, by e-mail",
    ),
    Shown("Manage Contacts", "my_profile"),
    Shown("Manage My Registered Accounts", "manage_accounts"),
    Pressed("Unsubscribe", "manage_accounts"),
    ShownAs(
        "A confirmation window will appear indicating digital notifications will no longer be sent and your printed "
        "bill preference will be changed, if you signed up for paperless billing, and you will receive your bills by mail.",
        "unsubscribe_question",
        "Digital notifications will no longer be sent, and if you signed up for paperless billing, your printed bill "
        "preference will be changed and you will receive your bills by mail.",
        "the guide describes the window; this is its text, in the guide's words",
    ),
    Pressed("Yes", "unsubscribe_question"),
    Pressed("No", "unsubscribe_question"),
    Narration("You can re-register for SmartHub at any time.", "after an unsubscribe; tested by test_wizard_my_profile"),
    ShownAs(
        "NOTICE: Some members may get an alert indicating the account is already registered with the email address you provided.",
        "already_registered",
        "This account is already registered with the same e-mail address.",
        "the alert's own words, from the guide's screenshot",
    ),
    Shown("E-Mail Address", "already_registered"),
    Pressed("Forgot Password?", "already_registered"),
    Pressed("Cancel", "already_registered"),
]


async def test_pec_reproduces_its_guide_line_by_line() -> None:
    seen = await walk_guide("pec")
    problems = missing(GUIDE, seen) + out_of_order(GUIDE, seen)
    assert not problems, "\n".join(problems)
