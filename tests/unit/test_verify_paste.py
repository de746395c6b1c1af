"""VerifyStep takes the code or the whole Verify Account link: the link is not refused as 'used already or expired'."""

from __future__ import annotations

from test_steps import RecordingBackend, _wizard

from smarthub_tui import strings
from smarthub_tui.models import RegistrationReceipt
from smarthub_tui.profiles import VerificationStyle, load_profile
from smarthub_tui.server.mail import DEFAULT_PUBLIC_URL, link_mail, verify_link
from smarthub_tui.state import VerifyAnswers
from smarthub_tui.steps import VerifyStep, code_in_email

CODE = "7KQ2M-XR4TB-9HN3C-WD6FJ"


class TokenBackend(RecordingBackend):
    async def verify_account(self, token):
        self.requests.append(("verify", token))
        return await super().verify_account(token)


async def _verify_step(profile: str = "default") -> tuple[VerifyStep, TokenBackend]:
    backend = TokenBackend()
    wizard = await _wizard(profile, backend)
    wizard.state.receipt = RegistrationReceipt("a@example.com", VerificationStyle.LINK, "no-reply@example.com", 30)
    return VerifyStep(wizard), backend


async def test_the_pasted_link_sends_the_code_it_carries() -> None:
    step, backend = await _verify_step()
    pasted = f"  <{verify_link('http://127.0.0.1:8080', CODE)}>\n"
    answers = VerifyAnswers(pasted)
    assert step.validate(answers) == {}
    await step.submit(answers)
    assert backend.requests[-1] == ("verify", CODE)


async def test_the_code_itself_still_works_as_typed() -> None:
    step, backend = await _verify_step()
    await step.submit(VerifyAnswers(" 7kq2m-xr4tb-9hn3c-wd6fj "))
    assert backend.requests[-1] == ("verify", "7kq2m-xr4tb-9hn3c-wd6fj")


async def test_a_link_without_a_code_is_refused_here_in_words_that_say_so() -> None:
    step, backend = await _verify_step()
    assert step.validate(VerifyAnswers("https://demo.smarthub.example/verify")) == {"code": strings.CODE_LINK_WITHOUT_CODE}
    assert step.validate(VerifyAnswers("   ")) == {"code": strings.CODE_REQUIRED}
    assert backend.requests == []


async def test_a_temporary_password_is_sent_exactly_as_typed() -> None:
    backend = TokenBackend()
    wizard = await _wizard("pec", backend)
    wizard.state.receipt = RegistrationReceipt("a@example.com", VerificationStyle.TEMPORARY_PASSWORD, "pec@example.com", 60)
    step = VerifyStep(wizard)
    assert step.validate(VerifyAnswers("Ab/1=x?")) == {}
    await step.submit(VerifyAnswers("Ab/1=x?"))
    assert backend.requests[-1] == ("a@example.com", "Ab/1=x?")


def test_the_demo_inbox_finds_the_code_through_the_link_when_the_template_shows_only_the_link() -> None:
    profile = load_profile("default")
    texts = profile.texts.model_copy(update={"linkEmailBody": "Hello {name},\n\nVerify Account: <{link}>.\n\n{coop}\n"})
    only_link = profile.model_copy(update={"texts": texts})
    body = link_mail(only_link, to="a@example.com", name="Jane Doe", code=CODE).body
    assert CODE not in body.replace(verify_link(DEFAULT_PUBLIC_URL, CODE), "")
    assert code_in_email(only_link, VerificationStyle.LINK, body) == CODE
