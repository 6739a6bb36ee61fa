"""The Meeting page and the wrap-up: the timer, notes saved as typed, ticks, captures
(with their problems beside them), and a wrap-up that records it all."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.helpers import check_scripts, parse, submit
from tests.web.test_xss import created_id


def _meeting(client: TestClient, name: str = "Ana Ruiz") -> tuple[int, int]:
    added = submit(client, "/people", {"full_name": name, "organization": "Fjord"})
    person = created_id(added.headers["location"])
    started = submit(client, f"/people/{person}/conversations", {"requested_minutes": "20"})
    talk = created_id(started.headers["location"])
    moved = submit(client, f"/conversations/{talk}/advance", {"to": "requested"})
    assert moved.status_code == 303, moved.text
    page = parse(client.get(f"/conversations/{talk}").text)
    assert page.by_id("meeting-start").text() == "Start the meeting"
    opened = submit(client, f"/conversations/{talk}/meeting")
    assert opened.status_code == 303
    return talk, int(opened.headers["location"].rsplit("/", 1)[1])


def test_the_page_has_a_timer_the_checklist_notes_and_the_deflection(client: TestClient) -> None:
    _, held = _meeting(client)
    response = client.get(f"/meetings/{held}")
    assert response.status_code == 200
    check_scripts(response.text)
    page = parse(response.text)
    assert page.by_id("clock").attrs["hx-trigger"] == "every 1s"
    assert "left" in page.by_id("clock-left").text()
    assert len(page.by_id("checklist").find_all("li")) == 5 + 4  # 20 minutes, and closing
    assert "Thank you so much" in page.by_id("deflection").text()
    clock = client.get(f"/meetings/{held}/clock")
    assert clock.status_code == 200
    assert 'id="clock"' in clock.text


def test_notes_ticks_and_captures_are_saved_at_once(client: TestClient) -> None:
    _, held = _meeting(client)
    saved = submit(client, f"/meetings/{held}/notes", {"notes": "Start with <contracts>"})
    assert saved.status_code == 200
    assert "Saved" in saved.text
    question = "Who are the employers of choice in this field?"
    assert (
        submit(client, f"/meetings/{held}/asked", {"question": question, "asked": "on"}).status_code
        == 200
    )
    for name in ("Ben <b>Ode</b>", "Cy Lund"):
        captured = submit(
            client,
            f"/meetings/{held}/referrals",
            {"name": name, "organization": "Harbor", "may_use_name": "on"},
        )
        assert captured.status_code == 200
    assert "Ben &lt;b&gt;Ode&lt;/b&gt;" in captured.text
    assert "<b>Ode</b>" not in captured.text
    refused = submit(client, f"/meetings/{held}/referrals", {"name": "  "})
    assert refused.status_code == 422
    assert "name: must not be empty" in parse(refused.text).by_id("capture-problem").text()
    submit(client, f"/meetings/{held}/captures", {"kind": "offer", "text": "Intro to Dee"})
    html = client.get(f"/meetings/{held}").text
    assert "Start with &lt;contracts&gt;" in html
    assert "<contracts>" not in html
    page = parse(html)
    assert [li.text() for li in page.by_id("captured-offers").find_all("li")] == ["Intro to Dee"]
    assert len(page.by_id("captured-referrals").find_all("li")) == 2


def test_the_wrap_up_shows_everything_and_records_it(client: TestClient) -> None:
    talk, held = _meeting(client)
    submit(client, f"/meetings/{held}/notes", {"notes": "Contract research first."})
    submit(client, f"/meetings/{held}/referrals", {"name": "Ben Ode", "may_use_name": "on"})
    screen = client.get(f"/meetings/{held}/wrap-up")
    assert screen.status_code == 200
    check_scripts(screen.text)
    page = parse(screen.text)
    assert page.by_id("minutes").attrs["value"] == "1"
    assert page.by_id("wrap-notes").raw_text().strip() == "Contract research first."
    assert "Ask Ben Ode within a week" in page.by_id("tasks-to-come").text()
    body = page.by_id("body").raw_text().strip()
    assert body.startswith("Dear Ana")
    done = submit(
        client,
        f"/meetings/{held}/wrap-up",
        {
            "minutes": "18",
            "notes": "Contract research first.",
            "subject": "Thank you",
            "body": body,
        },
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/conversations/{talk}"
    conversation = client.get(f"/conversations/{talk}").text
    assert "18 minutes" in conversation
    assert "Meeting notes: Contract research first." in conversation
    assert "Thank you" in conversation
    today = client.get("/").text
    assert "Thank Ana Ruiz today" in today
    assert "Ben Ode" in today
    assert client.get(f"/meetings/{held}").status_code == 303  # to the conversation
    again = submit(client, f"/meetings/{held}/notes", {"notes": "late"})
    assert again.status_code == 422
    assert "is already wrapped up" in parse(again.text).by_id("saved").text()


def test_a_bad_length_is_refused_and_nothing_is_recorded(client: TestClient) -> None:
    talk, held = _meeting(client)
    refused = submit(client, f"/meetings/{held}/wrap-up", {"minutes": "lots", "notes": ""})
    assert refused.status_code == 400
    assert "minutes: &#39;lots&#39; is not a number of minutes" in refused.text
    assert (
        "requested"
        in parse(client.get(f"/conversations/{talk}").text).find("p", class_="lead").text()
    )


def test_a_save_refused_is_shown_in_place_and_ending_takes_the_notes(client: TestClient) -> None:
    _, held = _meeting(client)
    # Longer than any question of the bank: a hand-made request, refused whole.
    too_long = submit(client, f"/meetings/{held}/asked", {"question": "x" * 600, "asked": "on"})
    assert too_long.status_code == 400
    empty = submit(client, f"/meetings/{held}/asked", {"question": "  ", "asked": "on"})
    assert empty.status_code == 422
    assert "Not saved: question: must not be empty" in parse(empty.text).by_id("saved").text()
    ended = submit(client, f"/meetings/{held}/end", {"notes": "The last words"})
    assert ended.status_code == 303
    assert ended.headers["location"] == f"/meetings/{held}/wrap-up"
    screen = parse(client.get(f"/meetings/{held}/wrap-up").text)
    assert screen.by_id("wrap-notes").raw_text().strip() == "The last words"
