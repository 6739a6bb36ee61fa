"""`infointerview draft` and `infointerview send`: a message drafted from its template,
checked, kept on its conversation, then handed over as .eml, mailto: or marked sent."""

from __future__ import annotations

import re
import sys
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.cli.helpers import assert_one_error, assert_usage_error

if TYPE_CHECKING:
    from tests.cli.conftest import Cli, Result

ME = """\
[me]
name = "José Núñez"
email = "jose@example.org"
background = "a product designer"
"""
TARGET = "Café Owner"
SUBJECT = "Your advice on the Café Owner path?"
HIRE_ME = "Subject: A job?\n\nDear Zoë,\nI'm a designer. Are you hiring? Please hire me.\nJosé\n"


class Editor(Protocol):
    """Set $EDITOR to a script that writes ``text`` over the file (None: leaves it) and
    exits with ``code``."""

    def __call__(self, text: str | None, code: int = 0) -> None: ...


def configure(home: Path, text: str = ME) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(text, encoding="utf-8")


def ok(result: Result) -> Result:
    assert result.code == 0, result.output
    return result


def conversations(cli: Cli) -> list[dict[str, Any]]:
    talks: list[dict[str, Any]] = ok(cli("conversation", "list", "--json")).json
    return talks


def shown(cli: Cli, conversation_id: int) -> dict[str, Any]:
    detail: dict[str, Any] = ok(cli("conversation", "show", str(conversation_id), "--json")).json
    return detail


def all_messages(cli: Cli) -> list[dict[str, Any]]:
    return [m for talk in conversations(cli) for m in shown(cli, talk["id"])["messages"]]


def drafted(cli: Cli, *args: str) -> dict[str, Any]:
    """Draft a request to Zoë about the target (or what ``args`` say); return the message."""
    result = ok(cli("draft", *(args or ("request", "Zoë Lee", "--target", TARGET)), "--json"))
    message: dict[str, Any] = result.json["message"]
    return message


@pytest.fixture
def zoe(cli: Cli, home: Path, migrated: Path) -> None:
    """José's [me] config; Zoë Lee, a cold contact with an address; a target."""
    configure(home)
    ok(cli("person", "add", "Zoë Lee", "--email", "zoe@example.com", "--org", "Café Lumière"))
    ok(cli("target", "add", TARGET))


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Editor:
    def use(text: str | None, code: int = 0) -> None:
        script = tmp_path / "editor.py"
        write = (
            "" if text is None else f"open(sys.argv[1], 'w', encoding='utf-8').write({text!r})\n"
        )
        script.write_text(
            f"#!{sys.executable}\nimport sys\n{write}sys.exit({code})\n", encoding="utf-8"
        )
        script.chmod(0o755)
        monkeypatch.delenv("VISUAL", raising=False)
        monkeypatch.setenv("EDITOR", str(script))

    return use


# draft


@pytest.mark.usefixtures("zoe")
def test_a_request_to_a_cold_contact_is_shown_checked_and_kept_as_a_draft(cli: Cli) -> None:
    result = ok(cli("draft", "request", "Zoë Lee", "--target", TARGET))
    assert result.out.startswith(f"To: Zoë Lee <zoe@example.com>\nSubject: {SUBJECT}\n\n")
    assert "Dear Zoë,\n\nI'm a product designer, exploring the Café Owner path." in result.out
    assert "Good to send. (score 100/100)" in result.out
    kept = re.search(r"Kept as draft #(\d+) on conversation #(\d+) \(request_cold\)", result.out)
    assert kept is not None
    message_id, talk_id = int(kept[1]), int(kept[2])
    detail = shown(cli, talk_id)
    assert detail["conversation"]["state"] == "draft"
    assert detail["conversation"]["target"] == TARGET
    [message] = detail["messages"]
    assert (message["id"], message["kind"], message["status"]) == (message_id, "request", "draft")
    assert message["subject"] == SUBJECT
    assert message["body"].endswith("Thank you,\nJosé Núñez")


@pytest.mark.usefixtures("zoe")
def test_a_second_draft_request_goes_on_the_same_draft_conversation(cli: Cli) -> None:
    first, second = drafted(cli), drafted(cli)
    assert first["conversation_id"] == second["conversation_id"]
    assert len(conversations(cli)) == 1


@pytest.mark.usefixtures("zoe")
def test_a_request_to_a_referred_person_names_the_referrer(cli: Cli) -> None:
    ok(cli("person", "add", "Sam Ortiz", "--how-known", "known"))
    ok(cli("refer", "Sam Ortiz", "Zoë Lee"))
    result = ok(cli("draft", "request", "Zoë Lee", "--target", TARGET))
    assert "Subject: Sam Ortiz suggested I contact you\n\nDear Zoë,\n\n" in result.out
    assert "\nSam Ortiz suggested I contact you. I'm a product designer" in result.out
    assert "(request_referred)" in result.out
    assert "Good to send." in result.out


@pytest.mark.usefixtures("migrated")
def test_a_draft_without_the_me_table_is_refused_and_no_message_is_kept(
    cli: Cli, home: Path
) -> None:
    ok(cli("person", "add", "Zoë Lee", "--email", "zoe@example.com"))
    ok(cli("target", "add", TARGET))
    assert_one_error(
        cli("draft", "request", "Zoë Lee", "--target", TARGET),
        '[me] name in config.toml: is not set: drafts need it (name = "..." under [me])',
    )
    assert all_messages(cli) == []


@pytest.mark.usefixtures("migrated")
def test_a_draft_refused_for_want_of_a_name_starts_no_conversation(cli: Cli, home: Path) -> None:
    ok(cli("person", "add", "Zoë Lee", "--email", "zoe@example.com"))
    assert cli("draft", "request", "Zoë Lee").code == 2
    assert conversations(cli) == []


@pytest.mark.usefixtures("zoe")
def test_a_draft_without_anything_explored_asks_for_a_target(cli: Cli) -> None:
    assert_one_error(cli("draft", "request", "Zoë Lee"), "--target: say what you are exploring")
    assert all_messages(cli) == []


@pytest.mark.usefixtures("zoe")
def test_a_nudge_with_no_conversation_is_refused(cli: Cli) -> None:
    assert_one_error(
        cli("draft", "nudge", "Zoë Lee"),
        "there is no conversation with Zoë Lee yet: a nudge follows a request",
        "infointerview draft request 1",
    )
    assert conversations(cli) == []


@pytest.mark.usefixtures("zoe")
def test_a_second_request_while_one_is_out_is_refused(cli: Cli) -> None:
    request = drafted(cli)
    ok(cli("send", str(request["id"]), "--mark-sent"))
    assert_one_error(
        cli("draft", "request", "Zoë Lee", "--target", TARGET),
        f"conversation #{request['conversation_id']} with Zoë Lee is requested",
        "draft a nudge or a thank-you there instead",
    )
    assert len(all_messages(cli)) == 1
    nudge = drafted(cli, "nudge", "Zoë Lee")
    assert (nudge["kind"], nudge["conversation_id"]) == ("nudge", request["conversation_id"])


@pytest.mark.usefixtures("zoe")
def test_an_unknown_kind_is_refused_naming_the_kinds(cli: Cli) -> None:
    assert_one_error(cli("draft", "memo", "Zoë Lee"), "KIND: 'memo' is not one of: request, nudge")


@pytest.mark.usefixtures("zoe")
def test_json_gives_the_kept_message_and_the_check(cli: Cli) -> None:
    result = ok(cli("draft", "request", "Zoë Lee", "--target", TARGET, "--json"))
    assert set(result.json) == {"message", "check"}
    message, check = result.json["message"], result.json["check"]
    assert set(message) == {
        "id",
        "conversation_id",
        "kind",
        "status",
        "subject",
        "body",
        "sent_at",
        "received_at",
        "created_at",
    }
    assert (message["kind"], message["status"], message["sent_at"]) == ("request", "draft", None)
    assert message["subject"] == SUBJECT
    assert check == {"score": 100, "verdict": "Good to send.", "findings": []}


@pytest.mark.usefixtures("zoe")
def test_an_edited_draft_is_kept_as_edited_and_checked(cli: Cli, editor: Editor) -> None:
    editor(HIRE_ME)
    result = ok(cli("draft", "request", "Zoë Lee", "--target", TARGET, "--edit"))
    assert "Subject: A job?\n\nDear Zoë,\nI'm a designer. Are you hiring?" in result.out
    assert "job-ask" in result.out
    [message] = all_messages(cli)
    assert (message["subject"], message["body"]) == ("A job?", HIRE_ME.split("\n\n", 1)[1].rstrip())


@pytest.mark.usefixtures("zoe")
def test_an_editor_that_fails_keeps_nothing(cli: Cli, editor: Editor) -> None:
    editor(HIRE_ME, code=3)
    assert_one_error(
        cli("draft", "request", "Zoë Lee", "--target", TARGET, "--edit"),
        "--edit: ",
        "nothing was kept",
    )
    assert all_messages(cli) == []


@pytest.mark.usefixtures("zoe")
def test_an_editor_that_empties_the_draft_keeps_nothing(cli: Cli, editor: Editor) -> None:
    editor("")
    assert_one_error(
        cli("draft", "request", "Zoë Lee", "--target", TARGET, "--edit"),
        "--edit: the draft was left empty; nothing was kept",
    )
    assert all_messages(cli) == []


@pytest.mark.usefixtures("zoe")
def test_an_editor_that_fails_starts_no_conversation(cli: Cli, editor: Editor) -> None:
    editor(None, code=3)
    assert cli("draft", "request", "Zoë Lee", "--target", TARGET, "--edit").code == 2
    assert conversations(cli) == []


# send


def parsed(data: bytes) -> EmailMessage:
    mail = message_from_bytes(data, policy=policy.default)
    assert isinstance(mail, EmailMessage)
    return mail


@pytest.mark.usefixtures("zoe")
def test_an_eml_file_parses_back_to_the_draft_and_leaves_it_a_draft(
    cli: Cli, tmp_path: Path
) -> None:
    draft = drafted(cli)
    path = tmp_path / "request.eml"
    result = ok(cli("send", str(draft["id"]), "--eml", str(path)))
    assert result.out == ""
    assert result.err == f"Wrote {path}: open it in your mail program to send it.\n"
    raw = path.read_bytes()
    assert raw.isascii()
    mail = parsed(raw)
    assert str(mail["From"]) == "José Núñez <jose@example.org>"
    assert str(mail["To"]) == "Zoë Lee <zoe@example.com>"
    assert str(mail["Subject"]) == SUBJECT
    assert mail["X-Unsent"] == "1"  # opens as a message to send, not one received
    assert mail.get_content() == draft["body"] + "\n"
    talk = shown(cli, draft["conversation_id"])
    assert talk["conversation"]["state"] == "draft"
    assert talk["messages"][0]["status"] == "draft"


@pytest.mark.usefixtures("zoe")
def test_an_eml_file_is_not_overwritten_without_force(cli: Cli, tmp_path: Path) -> None:
    draft = str(drafted(cli)["id"])
    path = tmp_path / "request.eml"
    ok(cli("send", draft, "--eml", str(path)))
    before = path.read_bytes()
    assert_one_error(cli("send", draft, "--eml", str(path)), "already exists", "--force")
    assert path.read_bytes() == before
    ok(cli("send", draft, "--eml", str(path), "--force"))
    assert parsed(path.read_bytes())["Message-ID"] != parsed(before)["Message-ID"]


@pytest.mark.usefixtures("zoe")
def test_an_eml_to_standard_output_prints_the_mail(cli: Cli) -> None:
    draft = drafted(cli)
    result = ok(cli("send", str(draft["id"]), "--eml", "-"))
    mail = parsed(result.out.encode("ascii"))
    assert str(mail["Subject"]) == SUBJECT
    assert mail.get_content() == draft["body"] + "\n"


@pytest.mark.usefixtures("zoe")
def test_a_mailto_link_decodes_to_the_subject_and_body(cli: Cli) -> None:
    draft = drafted(cli)
    result = ok(cli("send", str(draft["id"]), "--mailto"))
    [link] = result.out.splitlines()
    parts = urlsplit(link)
    assert (parts.scheme, unquote(parts.path)) == ("mailto", "zoe@example.com")
    query = parse_qs(parts.query)
    assert query["subject"] == [SUBJECT]
    assert query["body"] == [draft["body"].replace("\n", "\r\n")]
    assert shown(cli, draft["conversation_id"])["conversation"]["state"] == "draft"


@pytest.mark.usefixtures("zoe")
def test_mark_sent_records_the_request_and_moves_the_conversation_on(cli: Cli) -> None:
    draft = drafted(cli)
    result = ok(cli("send", str(draft["id"]), "--mark-sent"))
    talk_id = draft["conversation_id"]
    assert result.out == (
        f"Message #{draft['id']} is sent; conversation #{talk_id} with Zoë Lee is requested.\n"
    )
    detail = shown(cli, talk_id)
    assert detail["conversation"]["state"] == "requested"
    [message] = detail["messages"]
    assert message["status"] == "sent"
    assert message["sent_at"] is not None
    assert_one_error(
        cli("send", str(draft["id"]), "--mark-sent"),
        f"message #{draft['id']} was already sent; draft a new one to write again",
    )


@pytest.mark.usefixtures("zoe")
def test_a_thank_you_marked_sent_makes_a_held_conversation_thanked(cli: Cli) -> None:
    request = drafted(cli)
    talk = str(request["conversation_id"])
    ok(cli("send", str(request["id"]), "--mark-sent"))
    ok(cli("conversation", "advance", talk, "scheduled", "--at", "2026-11-25 10:00"))
    ok(cli("conversation", "advance", talk, "held", "--minutes", "20"))
    thanks = drafted(cli, "thank-you", "Zoë Lee")
    assert (thanks["kind"], thanks["conversation_id"]) == ("thank_you", request["conversation_id"])
    result = ok(cli("send", str(thanks["id"]), "--mark-sent"))
    assert result.out.endswith(f"conversation #{talk} with Zoë Lee is thanked.\n")


@pytest.mark.usefixtures("zoe")
def test_send_needs_exactly_one_way(cli: Cli) -> None:
    draft = str(drafted(cli)["id"])
    assert_usage_error(cli("send", draft), "say how: --eml FILE, --mailto or --smtp")
    assert_usage_error(cli("send", draft, "--mailto", "--smtp"), "choose one of --mailto, --smtp")
    assert_usage_error(
        cli("send", draft, "--eml", "-", "--mailto"), "choose one of --eml, --mailto"
    )


@pytest.mark.usefixtures("zoe")
def test_a_message_with_an_etiquette_error_is_refused_unless_told(cli: Cli, editor: Editor) -> None:
    editor(HIRE_ME)
    draft = str(drafted(cli, "request", "Zoë Lee", "--target", TARGET, "--edit")["id"])
    assert_one_error(
        cli("send", draft, "--mailto"),
        f"message #{draft} has an etiquette error (job-ask",
        "--ignore-errors",
    )
    assert_one_error(cli("send", draft, "--mark-sent"), "job-ask")
    assert all_messages(cli)[0]["status"] == "draft"
    result = ok(cli("send", draft, "--mailto", "--ignore-errors"))
    assert result.out.startswith("mailto:zoe@example.com?subject=A%20job%3F&body=")


@pytest.mark.usefixtures("zoe")
def test_a_person_without_an_address_is_refused_pointing_to_person_edit(cli: Cli) -> None:
    ok(cli("person", "add", "Sam Ortiz"))
    result = ok(cli("draft", "request", "Sam Ortiz", "--target", TARGET))
    assert result.out.startswith("To: Sam Ortiz (no email address)\n")
    draft = str(all_messages(cli)[0]["id"])
    for way in (("--mailto",), ("--eml", "-")):
        assert_one_error(
            cli("send", draft, *way),
            "email: Sam Ortiz has no email address",
            "infointerview person edit 2 --email ADDRESS",
        )


@pytest.mark.usefixtures("zoe")
def test_an_eml_without_my_address_leaves_the_sender_to_the_mail_program(
    cli: Cli, home: Path
) -> None:
    draft = str(drafted(cli)["id"])
    configure(home, ME.replace('email = "jose@example.org"\n', ""))
    mail = parsed(ok(cli("send", draft, "--eml", "-")).out.encode("ascii"))
    assert mail["From"] is None
    assert (str(mail["To"]), mail["X-Unsent"]) == ("Zoë Lee <zoe@example.com>", "1")


@pytest.mark.usefixtures("zoe")
def test_an_unknown_message_is_refused(cli: Cli) -> None:
    assert_one_error(cli("send", "99", "--mailto"), "no message matches '#99'")
    assert_one_error(cli("send", "99", "--mark-sent"), "no message matches '#99'")


def test_a_placeholder_left_in_a_draft_is_refused_by_send(cli: Cli, tmp_path: Path) -> None:
    from infointerview.services import messages
    from infointerview.services.workspace import open_workspace

    assert cli("person", "add", "Zoë Lee", "--email", "zoe@example.com").code == 0
    assert cli("conversation", "new", "Zoë").code == 0
    with open_workspace(None) as ws:
        from infointerview.domain.vocabulary import MessageKind, MessageStatus

        draft = messages.add_message(
            session=ws.session,
            owner=ws.owner,
            conversation_id=1,
            kind=MessageKind.REQUEST,
            status=MessageStatus.DRAFT,
            subject="Your advice?",
            body="Dear Zoë,\nWould you have 20 minutes to share your advice?\n[your name]\n",
        )
    result = cli("send", str(draft.id), "--eml", str(tmp_path / "x.eml"))
    assert_one_error(result, "still holds [your name]")
    assert not (tmp_path / "x.eml").exists()
    assert cli("send", str(draft.id), "--mark-sent", "--ignore-errors").code == 0
