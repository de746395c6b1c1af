"""The wizard's own words, in one place.

Co-op wording (titles, labels, the intro of each step, e-mail texts) comes
from the profile (`profile.texts`); everything else the app says is here, so
that a translation (Spanish is planned, docs/architecture.md section 8) replaces one
module and no screen.  Strings with ``{placeholders}`` are filled with
`str.format`; none of them is ever parsed as markup with untrusted values in it.
"""

from __future__ import annotations

APP_TITLE = "SmartHub registration"

# --- keys shown in the footer ---------------------------------------------------
KEY_BACK = "Back"
KEY_CANCEL = "Cancel"
KEY_QUIT = "Quit"
KEY_SUBMIT = "Submit"
KEY_REGISTER = "New user"
KEY_STOP = "Stop waiting"
KEY_NEW_CAPTCHA = "New picture"
KEY_SCROLL_MAIL = "Scroll"
KEY_INBOX = "Demo inbox"
KEY_HELP_PHRASE = "Help"
KEY_SCROLL = "Scroll"
KEY_NEXT_FIELD = "Next field"
KEY_NEXT_BUTTON = "Next button"
KEY_CHOOSE = "Choose"
KEY_TICK = "Tick"
KEY_UNTICK = "Untick"
KEY_PRESS = "Press"
KEY_TO_ANSWER = "To the answer"
KEY_CLOSE_HELP = "Close help"
KEY_STOP_HERE = "Stop here"

# --- buttons --------------------------------------------------------------------
BUTTON_SUBMIT = "Submit"
BUTTON_CANCEL = "Cancel"
BUTTON_LOGIN = "Login"
BUTTON_RETRY = "Retry"
BUTTON_YES = "Yes"
BUTTON_NO = "No"
BUTTON_FORGOT_PASSWORD = "Forgot Password?"
BUTTON_BACK_TO_START = "Back to the start"
BUTTON_CLOSE = "Close"
BUTTON_USE_CODE = "Use this code"
BUTTON_NEW_CAPTCHA = "New picture (F5)"

# --- titles of steps the profile has no title for ------------------------------
TITLE_IDENTITY = "Verify your identity"
TITLE_HINT = "Secret hint question"
TITLE_CAPTCHA = "Are you a person?"
TITLE_VERIFY = "Verify your account"

# --- connecting -----------------------------------------------------------------
CONNECTING = "Connecting…"
CONNECTING_EMBEDDED = "Starting the built-in demo server…"
CONNECTING_TO = "Connecting to {url}…"
CONNECT_FAILED = "Cannot start: {reason}"
DEMO_BADGE = "Demo mode: practice data, no real accounts; e-mails go to the demo inbox."

# --- labels the profile does not provide ---------------------------------------
LABEL_PASSWORD = "Password"
LABEL_NEW_PASSWORD = "New Password"
LABEL_CONFIRM_PASSWORD = "Confirm Password"
LABEL_PASSWORD_RULES = "Your new password must have: {rules}."
LABEL_CURRENT_PASSWORD_CARRIED = "Current password: the temporary password you already entered is used; no need to type it again."
LABEL_EMAIL_IS = "E-Mail Address: {email}"
LABEL_VERIFICATION_CODE = "Verification code"
LABEL_TEMPORARY_PASSWORD = "Temporary password"
LABEL_HINT_QUESTION = "Secret hint question"
LABEL_HINT_ANSWER = "Answer"
LABEL_HINT_KEYS = "↑/↓ to choose a question, Enter to go on to the answer."
LABEL_CAPTCHA_ANSWER = "Your answer"
LABEL_SECURITY_PHRASE = "Security Phrase"
LABEL_PHRASE_MINIMUM = "Minimum of {minimum} characters in length"
LABEL_ACCOUNT = "Account {number}"
LABEL_SSN_NOTE = "Only the last 4 digits; shown masked."
LABEL_IDENTITY_REQUIRED_ONE = "Answer at least one of these."
LABEL_IDENTITY_REQUIRED_ALL = "Answer all of these."
LABEL_IDENTITY_REQUIRED_SOME = "Answer at least {count} of these."
LABEL_IDENTITY_SSN_REQUIRED = "The last 4 digits of the SSN or Tax ID are required."
LABEL_TERMS_KEYS = "Read the terms below: PgUp/PgDn scroll them. Space ticks the box, Enter submits."
LABEL_TERMS_KEYS_ACCEPTED = "You accepted the terms: Enter submits, Space withdraws. PgUp/PgDn scroll them."
LABEL_CAPTCHA_KEYS = "Can't read it? Press F5 for a new picture."
LABEL_CAPTCHA_CHECKBOX_NOTE = "Press Enter to tick the box and continue (Space only ticks it)."
LABEL_VERIFY_DEMO_HINT = "Demo: press F3 to open the demo inbox and read the e-mail."
LABEL_PAPERLESS_CHOICE = "↑/↓ to choose, Enter to save your choice."
LABEL_IDENTITY_REQUIRED_SINGLE = "This answer is required."
LABEL_IDENTITY_REQUIRED_EITHER = "Answer one of these."
LABEL_IDENTITY_REQUIRED_BOTH = "Answer both of these."
LABEL_IDENTITY_REQUIRED_SOME_WITH_SSN = "Answer at least {count} of these, including the last 4 digits of the SSN or Tax ID."
LABEL_PAPERLESS_OPTIONAL = "↑/↓ to choose, Enter to save. Enter without a choice keeps paper bills (by mail)."
PAPERLESS_KEPT_PAPER = "No choice made: your bills stay on paper, by mail. You can go paperless later in SmartHub."

# --- congratulations ------------------------------------------------------------
CONGRATS_EMAIL = "We sent an e-mail to {email} from {sender}."
CONGRATS_LINK = "Open it and find the Verify Account code. On the next step, enter that code. It works once and expires in {duration}."
CONGRATS_TEMPORARY = "It holds a temporary password. On the next step, enter it; you will then choose your own password. " \
    "It works once and expires in {duration}."
DURATION_MINUTES = "{count} minutes"
DURATION_MINUTE = "1 minute"
DURATION_HOURS = "{count} hours"
DURATION_HOUR = "1 hour"
CONGRATS_SPAM = "Not there in a few minutes? Check your spam or junk folder."

# --- finished -------------------------------------------------------------------
FINISHED_SUMMARY_TITLE = "What is set up"
FINISHED_EMAIL = "Sign-in e-mail: {email}"
FINISHED_ACCOUNTS = "Accounts: {accounts}"
FINISHED_PAPERLESS_YES = "Paperless billing: on (bills by e-mail)"
FINISHED_PAPERLESS_NO = "Paperless billing: off (bills by mail)"
FINISHED_PAPERLESS_UNSET = "Paperless billing: not chosen (bills by mail)"
FINISHED_PHRASE_SET = "Security phrase: set"
FINISHED_PHRASE_UNSET = "Security phrase: not set yet"
FINISHED_NEXT = "Next time, log in with your e-mail and password: My Profile is where you change any of this."
FINISHED_LOADING = "Loading your summary…"

# --- alerts and side screens ----------------------------------------------------
ALREADY_REGISTERED_TITLE = "Already registered"
ALREADY_REGISTERED_EMAIL = "E-Mail Address: {email}"
CONFIRM_CANCEL_TITLE = "Cancel registration?"
CONFIRM_CANCEL_TEXT = "Everything typed so far will be wiped and you will return to the start."
CONFIRM_STOP_TITLE = "Stop here?"
CONFIRM_STOP_TEXT = (
    "Your registration is kept; only what was typed here is wiped. "
    "To finish setting up later, use the e-mail we sent you, then sign in with your e-mail address."
)
STOPPED_REGISTERED = "Stopped. Your registration is kept: use the e-mail we sent you to finish setting up."
CONFIRM_SIGN_OUT_TITLE = "Stop here and sign out?"
CONFIRM_SIGN_OUT_TEXT = (
    "Your registration and what you have set up so far are kept. "
    "To finish setting up later, sign in again with your e-mail address and password."
)
STOPPED_SIGNED_OUT = "Signed out. Your registration is kept: sign in with your e-mail to finish setting up."
CONFIRM_QUIT_TITLE = "Quit?"
CONFIRM_QUIT_TEXT = "Quit the wizard? Everything typed so far will be wiped."
CONFIRM_QUIT_TEXT_KEPT = (
    "Quit the wizard? Your registration is kept; only what was typed here is wiped. Sign in with your e-mail to finish."
)
CANNOT_GO_BACK = "This step cannot be undone, so there is no going back from here."

# --- demo inbox -----------------------------------------------------------------
INBOX_TITLE = "Demo inbox: {email}"
INBOX_EMPTY = "No e-mails yet."
INBOX_FROM = "From: {sender}"
INBOX_SUBJECT = "Subject: {subject}"
INBOX_LOADING = "Fetching the e-mails…"

# --- errors and busy states -----------------------------------------------------
BUSY = "Working…"
BUSY_CONNECTING = "Connecting…"
BUSY_CHECKING = "Checking…"
BUSY_CHALLENGE = "Fetching the check…"
BUSY_LOOKUP = "Looking up the account…"
BUSY_REGISTERING = "Registering…"
BUSY_SAVING = "Saving…"
BUSY_SIGNING_IN = "Signing in…"
BUSY_HINT = "Esc to stop waiting"
CONNECTION_PROBLEM_TITLE = "Connection problem"
STOPPED_TITLE = "Stopped"
CALL_STOPPED = "Stopped waiting. Nothing you typed is lost; submit again when ready."
RETRY_HINT = "Nothing you typed is lost. Press Retry (or Enter) to try again."
UNCERTAIN_SUBMIT = "The answer was lost on the way, so we cannot tell whether it went through. Retry is safe: it will not register twice."
RATE_LIMITED = "Too many attempts from this terminal. Please wait {seconds} seconds, then press Retry."
RATE_LIMITED_SOON = "Too many attempts from this terminal. Please wait a moment, then press Retry."
SESSION_EXPIRED = (
    "Your registration session timed out, for your security. Everything you typed is still here: "
    "check it and submit again to continue."
)
SIGNED_OUT = "Your session has ended. Sign in with your e-mail and your new password to carry on."
EMPTY_FIELD = "This field is required."
CAPTCHA_REQUIRED_TEXT = "Type the characters you see in the picture."
CAPTCHA_NEEDED_FIRST = "Please complete the CAPTCHA first, then your answers are checked."
CAPTCHA_WINDOW_TOO_SMALL = "This window is too small for a readable picture: make it at least 54 columns by 22 rows, then press F5."
CAPTCHA_REQUIRED_CHECKBOX = "Tick \u201cI'm not a robot\u201d first."
TERMS_REQUIRED = "Tick \u201cI accept\u201d to continue: registration needs your agreement to the terms."
PAPERLESS_REQUIRED = "Choose one of the two options."
HINT_QUESTION_REQUIRED = "Choose a question."
CODE_REQUIRED = "Enter the code from the e-mail."
TEMPORARY_PASSWORD_REQUIRED = "Enter the temporary password from the e-mail."
PASSWORD_REQUIRED = "Enter your password."
EMAIL_MISMATCH = "The two e-mail addresses are not the same."
PASSWORD_MISMATCH = "The two passwords are not the same."
CODE_LINK_WITHOUT_CODE = "That link has no code in it. Paste the whole Verify Account link, or type the code shown under it in the e-mail."

# --- the plain line mode (frontends/lines.py) ---------------------------------------
LINE_WELCOME = "{coop}: SmartHub registration, plain line mode."
LINE_WORDS = (
    "At any question of a step you can type back to return to the previous step, cancel to stop, "
    "or help to hear the step again. Press Enter after each answer."
)
LINE_STEP = "Step {number} of {total}: {title}"
LINE_ERROR = "Error:"
LINE_NOTE = "Note:"
LINE_YES_NO = "(yes or no):"
LINE_ANSWER_YES_NO = "Please answer yes or no."
LINE_CHOOSE = "Type a number from 1 to {last}:"
LINE_CHOOSE_AGAIN = "Please type a number from 1 to {last}."
LINE_WHAT_NEXT = "What would you like to do?"
LINE_QUIT = "Quit"
LINE_BACK_TO_FORM = "Back to the form"
LINE_PRESS_ENTER = "Press Enter: {action}."
LINE_TRY_AGAIN = "Try again?"
LINE_BUSY = "Checking…"
LINE_NO_CHOICE = "Skip this question"
LINE_KEEP = "Enter keeps {value}"
LINE_KEEP_SECRET = "Enter keeps what you typed before"
LINE_OPTIONAL = "Enter leaves it empty"
LINE_HIDDEN = "hidden as you type"
LINE_INBOX_OFFER = "{label} (or type inbox to read the demo inbox):"
LINE_USE_CODE = "Use the {label} from this e-mail?"
LINE_CAPTCHA_NO_PICTURE = (
    "The picture cannot be shown in this mode. Instead, confirm that you are not a robot; "
    "your computer then does a short check."
)
LINE_CAPTCHA_CHECKING = "Checking, one moment…"
LINE_INPUT_ENDED = "Input ended: stopped."
LINE_STOPPED = "Stopped."
LINE_NOTHING_KEPT = "Nothing you typed was kept."
LINE_SIGNED_IN = "Signed in as {email}."
LINE_WORDS_HELP = (
    "Words you can type at any question of a step: back, cancel, help. "
    "To give one of these words as an answer, type a backslash before it, like \\back."
)
LINE_CAPTCHA_ANSWER_YES = "Answer yes to confirm “{label}” and continue."

# --- the answers file (smarthub-tui --answers FILE) ---------------------------------
ANSWERS_NOT_TOML = "{file}: not a valid TOML file: {reason}"
ANSWERS_UNREADABLE = "{file}: cannot read it: {reason}"
ANSWERS_UNKNOWN_SETTING = "{where}: unknown setting {key!r} (the file holds mode, interactive and one table per step: {steps})"
ANSWERS_UNKNOWN_STEP = "{where}: unknown step [{step}] (the steps are: {steps})"
ANSWERS_NOT_A_TABLE = "{where}: {step} must be a table, [{step}], of that step's fields"
ANSWERS_UNKNOWN_FIELD = "{where}: [{step}] has no field {field!r} (its fields: {fields})"
ANSWERS_WRONG_TYPE = "{where}: [{step}] {field} must be {expected}"
ANSWERS_BAD_MODE = "{where}: mode must be \"register\", \"sign_in\" or \"recover\""
ANSWERS_BAD_INTERACTIVE = "{where}: interactive must be a list of step names, e.g. [\"captcha\"]"
ANSWERS_UNKNOWN_INTERACTIVE = "{where}: interactive names an unknown step {step!r} (the steps are: {steps})"
ANSWERS_ENV_MISSING = "{where}: [{step}] {field} is read from the environment variable {name}, which is not set"
ANSWERS_ENV_EMPTY_NAME = "{where}: [{step}] {field}: \"env:\" needs a variable name, e.g. \"env:{example}\""
ANSWERS_SECRET_READABLE = (
    "{where}: [{step}] {field} is a secret written in the clear in a file others can read: "
    "run `chmod 600 {path}`, or write {field} = \"env:NAME\" and set NAME in the environment"
)
ANSWERS_DEMO_INBOX_ONLY = "{where}: [verify] code = \"demo-inbox:\" works only with a demo server; this server is not one"
ANSWERS_TEXT_CAPTCHA_IN_FILE = (
    "{where}: [captcha] captchaAnswer: this co-op's CAPTCHA is a picture, which a file cannot answer: "
    "remove it and add \"captcha\" to interactive"
)
ANSWERS_TEXT_CAPTCHA_HEADLESS = "this co-op's CAPTCHA is a picture, which a file cannot answer: add \"captcha\" to interactive"
ANSWERS_LINE = "{file} line {line}"
ANSWERS_NO_TABLE = "not in {file}: add a [{step}] table"
ANSWERS_NO_FIELD = "{file} line {line}: add {field} to [{step}]"
ANSWERS_BACK_AGAIN = "the wizard came back to a step the file already answered"
ANSWERS_BACK_AT_START = "the wizard went back to the start"
ANSWERS_NO_DEMO_MAIL = "no e-mail with a code in the demo inbox"
ANSWERS_CONNECTING = "Connecting"
ANSWERS_DONE = "\u2713 {title}"

# --- buttons (issue 9): a co-op's buttons are in its profile ([buttons]); these are the app's own ---
BUTTON_WITH_KEY = "{label} ({key})"
"""A button that names its key: "Yes (Y)", "What's a good security phrase? (F1)"."""
BUTTON_SHOW = "Show"
BUTTON_HIDE = "Hide"
KEY_SKIP_PAPERLESS = "{cancel} (F10) keeps paper bills too."
LINE_CANCEL_TO_FORM = "{cancel} (back to the form)"
LINE_SKIP_WORD = "Type cancel to skip this step."
KEY_SHOW_HIDE = "Show/Hide"
KEY_SHOW_HIDE_TOOLTIP = "Show or hide the password"
# --- contacts (Manage contacts; the co-op's own words are the profile's contacts* texts) ---
BUTTON_ADD_EMAIL = "Add e-mail"
BUTTON_ADD_MOBILE = "Add mobile number"
BUTTON_ENTER_CODE = "Enter code"
BUTTON_REMOVE = "Remove"
BUTTON_SEND_CODE = "Send code"
BUTTON_CONFIRM = "Confirm"
TITLE_ADD_EMAIL = "Add an e-mail contact"
TITLE_ADD_MOBILE = "Add a mobile number"
TITLE_CONTACT_CODE = "Confirm your contact"
LABEL_CONTACT_ACTION = "What would you like to do?"
LABEL_CONTACT_EMAIL = "E-Mail Address"
LABEL_CONTACT_MOBILE = "Mobile Number"
LABEL_CONTACT_CODE = "Confirmation Code"
NOTE_CONTACT_EMAIL = "We send a code to it; the contact works once you enter that code here."
NOTE_CONTACT_MOBILE = "A US mobile number, as 512-555-0123. We text a code to it; it works once you enter that code here."
NOTE_CONTACT_CODE = "The code we sent to {address}. It works for {duration}."
CONTACT_CODE_DEMO_HINT = "Demo: press F3 to open the demo inbox and read the message."
CONTACT_ROW = "{address}  ({status})"
CONTACT_ROW_PRIMARY = "{address}  ({status}, you sign in with it)"
CONTACT_ACTIVE = "active"
CONTACT_PENDING = "waiting for its code"
CONTACTS_HEADING = "Your contacts ({count} of at most {maximum}):"
CONTACTS_LOADING = "Loading your contacts…"
CONTACT_CHOICE_ADD_EMAIL = "Add an e-mail contact"
CONTACT_CHOICE_ADD_MOBILE = "Add a mobile number for text messages"
CONTACT_CHOICE_CODE = "Enter the code sent to {address}"
CONTACT_CHOICE_REMOVE = "Remove {address}"
CONTACT_CHOICE_DONE = "Done"
CONTACT_CHOOSE = "Choose one of the actions listed."
CONTACT_REMOVE_TITLE = "Remove this contact?"
CONTACT_REMOVE_QUESTION = "Remove {address}? Bill notifications will no longer be sent there."
CONTACT_CODE_REQUIRED = "Enter the code we sent."
CONTACT_CODE_SENT = "We sent a code to {address}."
CONTACT_CONFIRMED = "{address} is confirmed: bill notifications will go there too."
CONTACT_REMOVED = "{address} was removed."
CONTACT_KEPT = "{address} was kept."
# --- Forgot Password --------------------------------------------------------------
TITLE_RESET_CODE = "Enter the code from the e-mail"
TITLE_RESET_PASSWORD = "Set a new password"
LABEL_RESET_CODE = "Code"
RESET_CODE_DIGITS = "The code is made of digits only: type it as the e-mail shows it."
BUSY_SENDING_CODE = "Sending the code…"
RESET_SIGN_IN_NOW = "Your new password is set. Log in with it."
ANSWERS_RESET_DEMO_INBOX_ONLY = "{where}: [reset_code] code = \"demo-inbox:\" works only with a demo server; this server is not one"
# --- My Profile -----------------------------------------------------------------
PROFILE_SIGNED_IN_AS = "Signed in as {email}"
PROFILE_CHOOSE = "Open one of these:"
PROFILE_LOADING = "Loading your profile…"
MENU_CHANGE_PASSWORD = "Change Password"
MENU_SIGN_OUT = "Sign Out"
PAPERLESS_NOW_ON = "Paperless billing is on now for {accounts}."
PAPERLESS_NOW_OFF = "Paperless billing is off now: bills come by mail for {accounts}."
PAPERLESS_NOW_UNSET = "Paperless billing was never chosen: bills come by mail for {accounts}."
PAPERLESS_SAVED_ON = "Paperless billing is on for {accounts}."
PAPERLESS_SAVED_OFF = "Paperless billing is off: bills come by mail for {accounts}."
ACCOUNTS_AND = "accounts {first} and {last}"
ACCOUNT_ONE = "account {account}"
PHRASE_CURRENT = "Your Security Phrase now: {phrase}"
PHRASE_LOADING = "Reading your Security Phrase…"
PHRASE_CURRENT_NONE = "You have no Security Phrase yet."
PHRASE_CURRENT_CHECK = "If this is not the phrase you chose, do not go on: call member services."
LABEL_NEW_SECURITY_PHRASE = "New Security Phrase"
PHRASE_UPDATED = "Your Security Phrase is updated."
LABEL_CURRENT_PASSWORD = "Current Password"
PASSWORD_CHANGED = "Your password is changed. Any other place you were signed in is signed out."
UNSUBSCRIBE_ACCOUNTS = "Registered with {email}: {accounts}"
UNSUBSCRIBE_QUESTION = "Unsubscribe?"
UNSUBSCRIBE_REQUIRED = "Choose Yes or No."
UNSUBSCRIBE_KEPT = "Your SmartHub registration is kept."
UNSUBSCRIBED = "Your SmartHub registration is deleted and your bills will come by mail. You can register again at any time."
SIGN_OUT_TITLE = "Sign Out"
SIGN_OUT_TEXT = "Sign out of SmartHub on this terminal? Your registration and settings stay as they are."
SIGNED_OUT_DONE = "You are signed out."
BUSY_SIGNING_OUT = "Signing out…"
UNSUBSCRIBE_UNCERTAIN = (
    "The answer was lost on the way, so we cannot tell whether your registration was deleted. Retry is safe: it finds out."
)
BUSY_UNSUBSCRIBING = "Deleting your registration…"
KEY_OPEN = "Open"
# --- one profile per guide (issue 9): the temporary password typed at the login screen (verifyAtLogin) ---
CONGRATS_TEMPORARY_AT_LOGIN = (
    "It holds a temporary password. Next comes the login screen, your e-mail already filled in: "
    "enter the temporary password as the Password and log in; you will then choose your own password. "
    "It works once and expires in {duration}."
)
LOGIN_WITH_TEMPORARY_PASSWORD = "Enter the temporary password from the e-mail we sent you, then log in."
# --- one profile per guide (issue 9): the Verify Account code as the Current Password (verifyAtPasswordChange) ---
LABEL_CURRENT_IS_CODE = "The verification code from the Verify Account e-mail."
CONGRATS_LINK_AS_CURRENT = (
    "Open it and find the Verify Account code. On the next step, enter that code as the Current Password, "
    "then choose your own password. It works once and expires in {duration}."
)
ANSWERS_DEMO_INBOX_ONLY_CURRENT = (
    "{where}: [password] currentPassword = \"demo-inbox:\" works only with a demo server; this server is not one"
)
# --- walk findings (plain line mode) ---
LINE_RULES_UNMET = "Still to meet:"
# --- kiosk mode (issue 10) ---
KIOSK_IDLE_TITLE = "Are you still there?"
KIOSK_IDLE_TEXT = "To keep your details private, this terminal will clear everything you typed and start over."
KIOSK_IDLE_COUNTDOWN = "Starting over in {seconds} seconds. Press any key to continue."
KIOSK_STILL_HERE = "I'm still here"
KIOSK_FINISHED_COUNTDOWN = "This terminal returns to the start in {seconds} seconds (Enter: now)."
KIOSK_OPERATOR_TITLE = "Operator"
KIOSK_OPERATOR_TEXT = "Enter the operator PIN to leave kiosk mode. Esc returns to the wizard."
KIOSK_PIN_LABEL = "PIN"
KIOSK_PIN_WRONG = "That PIN is not right."
KIOSK_PIN_WAIT = "Too many wrong PINs: try again in {seconds} seconds."
KIOSK_PIN_CHECKING = "Checking…"
KIOSK_LEAVE = "Leave kiosk mode"
KIOSK_BACK = "Back"
# --- audit: the agent key store (issue 10) ---
AGENT_KEY_NO_KEYRING = (
    "This computer has no keyring to keep your agent key in, so it is not saved: "
    "you will be asked for it each session."
)
AGENT_KEY_KEYRING_FAILED = (
    "The keyring on this computer did not answer, so your agent key is not saved: "
    "you will be asked for it each session."
)
AGENT_KEY_PLAIN_FILE_KEYRING = (
    "This computer's keyring keeps secrets in a plain file, so your agent key is not saved there: "
    "you will be asked for it each session."
)
# --- agent mode (issue 10): a call-centre agent registers a member over the phone ---
AGENT_SIGN_IN_TITLE = "Agent sign-in"
AGENT_SIGN_IN_INTRO = "Sign in with the agent key your supervisor gave you. Calls you make carry it, and the audit log names you."
LABEL_AGENT_KEY = "Agent key"
AGENT_KEY_NOTE = "Masked while typed: F2 shows it."
AGENT_KEY_REQUIRED = "Enter your agent key."
AGENT_DEMO_KEY = "Demo server: the demo agent's key is {key}"
AGENT_NO_KEYRING = "No system keyring: the key is asked each session and never written to a file."
AGENT_KEY_KEPT = "Your key is kept in the system keyring for this server; you are not asked again until it stops working."
AGENT_SIGNED_IN = "Signed in as agent {name}."
AGENT_STORED_KEY_REFUSED = "The key kept for this server no longer works, and is forgotten: {reason}"
BUSY_AGENT_CHECKING = "Checking the agent key…"
AGENT_REAUTH_TITLE = "Still there? Sign in again"
AGENT_REAUTH_TEXT = (
    "No key was pressed for {minutes} minutes, so the wizard asks for your agent key again "
    "before it goes on. The member's answers are kept."
)
AGENT_REAUTH_WRONG = "That is not the key this session signed in with."
AGENT_LABEL = "agent {name}"
AGENT_SCRIPT_TITLE = "Read to the member"
AGENT_TERMS_READ = "Read aloud, word for word:"
AGENT_TERMS_SPOKEN = "The member said yes to these terms"
AGENT_TERMS_REQUIRED = "Tick this only once the member has said yes to the terms."
AGENT_PAPERLESS_TITLE = "Paperless billing (if the member says)"
AGENT_PAPERLESS_SKIP = "The member did not choose: bills stay on paper, and they can choose later in SmartHub."
AGENT_PAPERLESS_NO_REGISTRATION = "The registration is not known here any more: start a new call."
AGENT_DONE_TITLE = "Registration created"
AGENT_DONE_TEXT = (
    "The registration exists. The member finishes the password and security phrase from the e-mail sent to {email}; "
    "you never hear them. This screen follows their progress by itself: stay on the line if they want help."
)
AGENT_DONE_IDENTITY = "Identity checked with: {answers}"
AGENT_STATUS_EMAIL = "E-mail verified"
AGENT_STATUS_PASSWORD = "Password set"
AGENT_STATUS_PAPERLESS = "Paperless billing"
AGENT_STATUS_YES = "yes"
AGENT_STATUS_NOT_YET = "not yet"
AGENT_STATUS_ON = "on"
AGENT_STATUS_OFF = "off (paper bills)"
AGENT_STATUS_UNSET = "not chosen"
AGENT_STATUS_EVERY = "The member's progress, asked again every {every:g} seconds (no key needed):"
AGENT_STATUS_UNKNOWN = "Status not known yet: {reason}"
KEY_NEW_CALL = "New call"
NEW_CALL_TITLE = "New call"
NEW_CALL_TEXT = "Start a new call? Everything typed for this member is wiped (a registration already created stays on the server)."
NEW_CALL_STARTED = "New call: every field is empty."
AGENT_SCRIPT_DEFAULTS: dict[str, str] = {
    "lookup": (
        "Thank you for calling. I can register you for SmartHub now. May I have your account number, "
        "the last name or business name on the account, and the e-mail address you want to use?"
    ),
    "identity": (
        "To protect your account, I need to confirm a few details. What is the ZIP code on the account? "
        "(Ask only for what the screen asks.)"
    ),
    "hint": "Please choose a secret hint question and tell me its answer. You will need it if you ever forget your password.",
    "terms": "Before I create your registration, I need to read you the terms of use. Please listen; I will ask whether you agree.",
    "paperless": "Would you like to stop paper bills and get your bills by e-mail instead? You can also decide later.",
    "agent_done": (
        "Your registration is created. You will get an e-mail from us in the next few minutes: open it to choose your "
        "own password and security phrase. I will never ask you for those. I can stay on the line while you do it."
    ),
}
"""What the agent reads at each step where the co-op's profile has no `[agentScript]` wording of its own."""
LINE_AGENT_SCRIPT = "Read to the member:"
AGENT_TERMS_KEYS = "Read aloud, word for word (PgUp/PgDn scroll). Space ticks the box once the member says yes; Enter submits."
AGENT_TERMS_KEYS_TICKED = "Read aloud, word for word (PgUp/PgDn scroll). The member said yes: Enter submits."
AGENT_PREFILLED = "Filled in from the CRM export: check each field with the member, then press Enter."
# --- audit: demo mode (issue 10) ---
DEMO_ACCOUNTS_TITLE = "Demo mode: practice accounts to register with (number, ZIP, last name):"
KEY_RESET_DEMO = "Reset demo"
CONFIRM_RESET_DEMO_TITLE = "Reset the demo?"
CONFIRM_RESET_DEMO_TEXT = (
    "Every registration, sign-in, e-mail and lockout made in this demo is deleted "
    "and the demo accounts start over as new."
)
BUSY_RESETTING_DEMO = "Resetting the demo…"
DEMO_RESET_DONE = "The demo data is reset: every demo account can register again."
KEY_INBOX_SHORT = "Inbox"

# --- walk: the agent's "Registration created" in the plain line mode ---
LINE_AGENT_STATUS_WORD = "status"
LINE_AGENT_STATUS_AGAIN = "Type {word} to hear the member's progress again, or press Enter: {action}."
# --- verify later: a member registered earlier comes back with the e-mailed code ---
VERIFY_LATER_LINK = "Have a code from our e-mail? Verify"  # beside "Can't access your account?": one row at 80 columns
LINE_VERIFY_LATER = "Have a code from our e-mail? Verify your account"
KEY_VERIFY_LATER = "Verify"  # short: the demo welcome's footer must keep "^q Quit" at 80 columns
LINE_VERIFY_LATER_EMAIL = "E-mail address our e-mail was sent to (for the demo inbox; Enter to skip):"
