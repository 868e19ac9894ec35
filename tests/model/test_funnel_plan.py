"""The plan a team runs (model/taskplan.py, model/emails.py): tasks in stage order with their anchor
and day offsets, and email placeholders filled from the map, the rest left exactly as typed."""

from __future__ import annotations

from journeymap_designer.model.elements import EmailTemplate, Playbook, Task
from journeymap_designer.model.emails import email_drafts, fill_placeholders, playbook_values
from journeymap_designer.model.fileformat import load_workspace
from journeymap_designer.model.taskplan import TASK_COLUMNS, task_plan
from journeymap_designer.starter import sample_path


def test_the_samples_plan_has_every_task_in_stage_order() -> None:
    journey = load_workspace(sample_path()).core
    rows = task_plan(journey)
    assert len(rows) == sum(len(p.tasks) for p in journey.playbooks.values())
    assert [r.stage_order for r in rows] == sorted(r.stage_order or 0 for r in rows)
    by_playbook: dict[str, list[int | None]] = {}
    for row in rows:
        by_playbook.setdefault(row.playbook_id, []).append(row.due_days)
        assert len(row.cells()) == len(TASK_COLUMNS)
    for days in by_playbook.values():
        known = [d for d in days if d is not None]
        assert known == sorted(known)
    rescue = [r for r in rows if r.playbook_id == "pb-data-rescue"]
    assert {(r.activity, r.milestone, r.due_from, r.stage) for r in rescue} == {
        ("Connects the first data source", "", "activity", "Onboarding")
    }
    onboarding = [r.playbook_id for r in rows if r.stage == "Onboarding"]
    # the milestones' playbooks (in their order) before the activity's
    assert (
        onboarding.index("pb-kickoff")
        < onboarding.index("pb-first-value")
        < onboarding.index("pb-data-rescue")
    )


def test_stage_playbooks_and_dangling_ones() -> None:
    journey = load_workspace(sample_path()).core
    task = Task(id="t-x", title="Plan the quarter", owner="CSM", due_days=-3)
    journey.playbooks["pb-stage"] = Playbook(
        id="pb-stage", title="Adoption kickoff", stage_id="stage-adoption", tasks=(task,)
    )
    journey.playbooks["pb-lost"] = Playbook(
        id="pb-lost", title="Lost", moment_id="mot-gone", tasks=(task.model_copy(update={"id": "t-y"}),)
    )
    rows = task_plan(journey)
    adoption = [r for r in rows if r.stage == "Adoption"]
    assert (
        adoption[0].playbook_id == "pb-stage"
        and adoption[0].due_from == "stage"
        and adoption[0].due_days == -3
    )
    assert rows[-1].playbook_id == "pb-lost" and rows[-1].stage == "" and rows[-1].stage_order is None


def test_placeholders_known_are_filled_and_the_rest_left_as_typed() -> None:
    values = {"customer": "Zoë", "csm": "Ana"}
    text = "Hi {customer}, {csm} here. {renewal_date} {0.__class__} {Customer} {{customer}} {"
    assert (
        fill_placeholders(text, values) == "Hi Zoë, Ana here. {renewal_date} {0.__class__} {Customer} {Zoë} {"
    )


def test_each_playbook_fills_what_it_hangs_off() -> None:
    workspace = load_workspace(sample_path())
    journey = workspace.core
    kickoff = playbook_values(journey, journey.playbooks["pb-kickoff"], workspace.name)
    assert (
        kickoff["milestone"] == "Kickoff complete: success plan agreed" and kickoff["stage"] == "Onboarding"
    )
    assert kickoff["company"] == workspace.name and "customer" not in kickoff and "csm" not in kickoff
    rescue = playbook_values(journey, journey.playbooks["pb-data-rescue"], "Acme", "Zoë", "Ana")
    assert rescue["activity"] == "Connects the first data source" and rescue["stage"] == "Onboarding"
    assert (rescue["customer"], rescue["csm"], rescue["playbook"]) == ("Zoë", "Ana", "Data connection rescue")
    stage_only = Playbook(id="pb-s", title="S", stage_id="stage-renewal")
    assert playbook_values(journey, stage_only, "Acme") == {
        "playbook": "S",
        "company": "Acme",
        "stage": "Renewal",
    }


def test_drafts_cover_every_template() -> None:
    workspace = load_workspace(sample_path())
    journey = workspace.core
    extra = EmailTemplate(id="e2", name="Second", subject="{milestone} for {customer}", body="{stage}")
    pb = journey.playbooks["pb-adopted"]
    journey.playbooks[pb.id] = pb.model_copy(update={"emails": (*pb.emails, extra)})
    drafts = email_drafts(journey, workspace.name)
    assert [d.file_stem for d in drafts] == [
        "pb-adopted--email-adoption-plan",
        "pb-adopted--e2",
        "pb-data-rescue--email-rescue-checklist",
        "pb-kickoff--email-kickoff-invite",
    ]
    second = drafts[1]
    assert (second.subject, second.body) == ("Adopted: weekly active usage for {customer}", "Adoption")
