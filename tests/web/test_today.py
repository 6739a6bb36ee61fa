"""The Today page: the demo's agenda with reasons and seeds, and done, snooze and
dismiss in one click each."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.services.test_calendar import strict_events
from tests.web.helpers import parse, submit


def _tasks(client: TestClient) -> dict[str, dict[str, str]]:
    page = parse(client.get("/").text)
    return {
        f"{li.attrs['data-kind']}:{li.find('p', class_='task-head').find_all('a')[0].text()}": {
            "id": li.attrs["id"].removeprefix("task-"),
            "status": li.attrs["class"].split()[-1].removeprefix("task-"),
            "text": li.text(),
        }
        for li in page.find_all("li", class_="task")
    }


def test_today_is_the_home_page_with_overdue_thank_yous_and_due_nudges(
    demo_client: TestClient,
) -> None:
    tasks = _tasks(demo_client)
    thanks = tasks["thank_you:Chloé Martin"]
    assert thanks["status"] == "overdue"
    assert "seed 002" in thanks["text"]
    assert "that very day" in thanks["text"]
    nudge = tasks["nudge:Thandiwe Dlamini"]
    assert nudge["status"] == "overdue"
    assert "the 3B7 routine" in nudge["text"]
    page = parse(demo_client.get("/").text)
    link = page.by_id(f"task-{thanks['id']}").find("a", class_="draft")
    assert link.attrs["href"].endswith("/compose?kind=thank_you")
    assert _tasks(demo_client).keys() == tasks.keys()  # the rules ran again: nothing new


def test_done_snooze_and_dismiss_each_take_a_task_off_the_page(demo_client: TestClient) -> None:
    tasks = _tasks(demo_client)
    first, second, third = (tasks[k]["id"] for k in list(tasks)[:3])
    assert submit(demo_client, f"/tasks/{first}/done").status_code == 303
    assert (
        submit(demo_client, f"/tasks/{second}/snooze", {"until": "2099-01-01"}).status_code == 303
    )
    assert submit(demo_client, f"/tasks/{third}/dismiss").status_code == 303
    left = {t["id"] for t in _tasks(demo_client).values()}
    assert not left & {first, second, third}
    assert submit(demo_client, f"/tasks/{first}/done").status_code == 409


def test_a_bad_snooze_date_or_task_is_a_clear_error(demo_client: TestClient) -> None:
    [task] = [t["id"] for t in list(_tasks(demo_client).values())[:1]]
    assert submit(demo_client, f"/tasks/{task}/snooze", {"until": "soon"}).status_code == 400
    assert submit(demo_client, f"/tasks/{task}/snooze", {"until": "2000-01-01"}).status_code == 400
    assert submit(demo_client, "/tasks/999999/done").status_code == 404


def test_the_calendar_downloads_and_its_feed_answers_only_at_its_secret_address(
    demo_client: TestClient,
) -> None:
    download = demo_client.get("/calendar.ics")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/calendar")
    assert "attachment" in download.headers["content-disposition"]
    assert strict_events(download.content)

    assert parse(demo_client.get("/").text).by_id("calendar").find_all("code") == []
    assert submit(demo_client, "/calendar/feed").status_code == 303
    url = parse(demo_client.get("/").text).by_id("feed-url").text()
    path = "/" + url.split("/", 3)[3]
    feed = demo_client.get(path)
    assert feed.status_code == 200
    assert strict_events(feed.content)
    assert demo_client.get("/calendar/not-the-token.ics").status_code == 404

    assert submit(demo_client, "/calendar/feed", {"renew": "1"}).status_code == 303
    assert demo_client.get(path).status_code == 404  # the old address stops
    assert submit(demo_client, "/calendar/feed/off").status_code == 303
    assert parse(demo_client.get("/").text).by_id("calendar").find_all("code") == []
