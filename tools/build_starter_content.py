"""Build the starter content that ships with Journey Map Designer: one sample and four templates.

The bundled files under ``resources/samples`` and ``resources/templates`` are generated from this
script, never edited by hand: change the content here and re-run
``python tools/build_starter_content.py``. The output is deterministic (same bytes every run), so the
diff of a bundled file shows exactly what a content change did. Before writing, the script checks
each journey (and every segment's resolved journey) for the rules the graph checker enforces:
owned touchpoints, contiguous orders, reachable touchpoints, no dead ends, a handoff with
information on every flow between owners, and a complete playbook for every success milestone.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from journeymap_designer.model.elements import (
    PLAYBOOK_FIELDS,
    Channel,
    Flow,
    Handoff,
    KeyMilestone,
    KpiThreshold,
    Lane,
    LaneSide,
    MarkerKind,
    MomentKind,
    MomentOfTruth,
    Persona,
    Playbook,
    RoleResponsibility,
    Stage,
    SuccessCriteria,
    Task,
    Touchpoint,
)
from journeymap_designer.model.workspace import (
    FieldOverride,
    Journey,
    Segment,
    SegmentAdditions,
    SegmentChanges,
    Workspace,
)

SAMPLES = ROOT / "resources" / "samples"
TEMPLATES = ROOT / "resources" / "templates"

# The channel vocabulary every bundled file carries; the icon name is the channel id.
CHANNELS: tuple[tuple[str, str], ...] = (
    ("email", "Email"),
    ("call", "Phone / video call"),
    ("meeting", "Meeting"),
    ("in-app", "In-app"),
    ("web", "Website"),
    ("social", "Social media"),
    ("sms", "SMS"),
    ("webinar", "Webinar"),
    ("community", "Community"),
    ("business-review", "Business review"),
)
CHANNEL_IDS = frozenset(channel_id for channel_id, _ in CHANNELS)
SEGMENT_COLLECTIONS = ("touchpoints", "flows", "handoffs", "playbooks")

CUSTOMER = LaneSide.CUSTOMER
INTERNAL = LaneSide.INTERNAL


# --------------------------------------------------------------------------------------------------
# Small constructors that keep the content below readable
# --------------------------------------------------------------------------------------------------


class HandoffInfo(NamedTuple):
    """What travels with a flow between two owners (the flow's id names the handoff)."""

    information: tuple[str, ...]
    artifacts: tuple[str, ...]
    timing: str
    notes: str


def handoff(
    information: Sequence[str], artifacts: Sequence[str] = (), timing: str = "", notes: str = ""
) -> HandoffInfo:
    return HandoffInfo(tuple(information), tuple(artifacts), timing, notes)


def criteria(actions: Sequence[str], kpis: Sequence[tuple[str, float, str]]) -> SuccessCriteria:
    """Actions the customer completes and (KPI name, minimum, unit) thresholds."""
    return SuccessCriteria(
        actions=tuple(actions),
        kpis=tuple(KpiThreshold(name=name, minimum=minimum, unit=unit) for name, minimum, unit in kpis),
    )


def risk(title: str, description: str) -> KeyMilestone:
    return KeyMilestone(kind=MarkerKind.RISK, title=title, description=description)


def celebration(title: str, description: str) -> KeyMilestone:
    return KeyMilestone(kind=MarkerKind.CELEBRATION, title=title, description=description)


def role(name: str, *responsibilities: str) -> RoleResponsibility:
    return RoleResponsibility(role=name, responsibilities=responsibilities)


def task_list(prefix: str, rows: Sequence[tuple[str, str, str]]) -> tuple[Task, ...]:
    """Tasks from (title, owner, due) rows, with ids ``task-<prefix>-01``, ``-02``..."""
    return tuple(
        Task(id=f"task-{prefix}-{number:02d}", title=title, owner=owner, due=due)
        for number, (title, owner, due) in enumerate(rows, start=1)
    )


def playbook(
    playbook_id: str,
    title: str,
    *,
    moment: str,
    stage: str,
    trigger: str,
    objectives: Sequence[str],
    success: Sequence[str],
    activities: Sequence[str],
    deliverables: Sequence[str],
    milestones: Sequence[KeyMilestone],
    internal: Sequence[RoleResponsibility],
    external: Sequence[RoleResponsibility],
    tasks: Sequence[Task],
) -> Playbook:
    return Playbook(
        id=playbook_id,
        title=title,
        moment_id=moment,
        stage_id=stage,
        event_trigger=trigger,
        objectives=tuple(objectives),
        success_criteria=tuple(success),
        key_activities=tuple(activities),
        deliverables=tuple(deliverables),
        key_milestones=tuple(milestones),
        internal_roles=tuple(internal),
        external_roles=tuple(external),
        tasks=tuple(tasks),
    )


def persona(persona_id: str, name: str, role_name: str, goals: Sequence[str], description: str) -> Persona:
    return Persona(id=persona_id, name=name, role=role_name, goals=tuple(goals), description=description)


def _short(element_id: str) -> str:
    """A touchpoint or lane id without its kind prefix, for building readable derived ids."""
    return element_id.split("-", 1)[1]


def flow_id(source: str, target: str) -> str:
    return f"flow-{_short(source)}--{_short(target)}"


# --------------------------------------------------------------------------------------------------
# Builders: number orders, derive flow and handoff ids, and refuse content that breaks the rules
# --------------------------------------------------------------------------------------------------


class JourneyBuilder:
    """Collects the elements of one journey (or of a segment's additions, when it has a parent)."""

    def __init__(self, parent: JourneyBuilder | None = None, hidden: set[str] | None = None) -> None:
        self.parent = parent
        self.hidden = hidden if hidden is not None else set()
        self.stages: dict[str, Stage] = {}
        self.lanes: dict[str, Lane] = {}
        self.touchpoints: dict[str, Touchpoint] = {}
        self.moments: dict[str, MomentOfTruth] = {}
        self.flows: dict[str, Flow] = {}
        self.handoffs: dict[str, Handoff] = {}
        self.playbooks: dict[str, Playbook] = {}

    # lookups fall back to the parent (the core), so a segment can connect to core touchpoints
    def _get(self, collection: str, element_id: str) -> Any:
        own = getattr(self, collection)
        if element_id in own:
            return own[element_id]
        if self.parent is not None and element_id not in self.hidden:
            return self.parent._get(collection, element_id)
        raise KeyError(f"unknown {collection[:-1]} {element_id!r}")

    def owner_of(self, touchpoint_id: str) -> str:
        touchpoint: Touchpoint = self._get("touchpoints", touchpoint_id)
        return touchpoint.owner_id or touchpoint.lane_id

    def handoff_on(self, source: str, target: str) -> str:
        """The id of the handoff on the flow source -> target."""
        wanted = flow_id(source, target)
        for handoff_id, element in self.handoffs.items():
            if element.flow_id == wanted:
                return handoff_id
        raise KeyError(f"no handoff on {wanted!r}")

    def stage(
        self,
        stage_id: str,
        name: str,
        *,
        goal: str,
        entry: Sequence[str],
        duration: str,
        kpis: Sequence[str],
        description: str = "",
    ) -> None:
        self.stages[stage_id] = Stage(
            id=stage_id,
            name=name,
            order=len(self.stages),
            goal=goal,
            entry_criteria=tuple(entry),
            typical_duration=duration,
            kpis=tuple(kpis),
            description=description,
        )

    def lane(self, lane_id: str, name: str, side: LaneSide, color: str, description: str = "") -> None:
        order = sum(1 for lane in self.lanes.values() if lane.side == side)
        self.lanes[lane_id] = Lane(
            id=lane_id, name=name, side=side, order=order, color=color, description=description
        )

    def _cell_size(self, stage_id: str, lane_id: str, hidden: set[str]) -> int:
        """How many visible cards the stage x lane cell holds (the next card's order)."""
        size = sum(
            1
            for tp_id, tp in self.touchpoints.items()
            if tp.stage_id == stage_id and tp.lane_id == lane_id and tp_id not in hidden
        )
        if self.parent is not None:
            size += self.parent._cell_size(stage_id, lane_id, hidden)
        return size

    def touchpoint(
        self,
        touchpoint_id: str,
        stage: str,
        lane: str,
        title: str,
        *,
        channel: str,
        emotion: int,
        description: str,
        owner: str | None = None,
        pains: Sequence[str] = (),
        opps: Sequence[str] = (),
        timing: str = "",
        notes: str = "",
        order: int | None = None,
    ) -> None:
        self._get("stages", stage)
        lane_element: Lane = self._get("lanes", lane)
        if channel not in CHANNEL_IDS:
            raise ValueError(f"{touchpoint_id}: unknown channel {channel!r}")
        if lane_element.side == CUSTOMER:
            if owner is None or self._get("lanes", owner).side != INTERNAL:
                raise ValueError(f"{touchpoint_id}: a customer-side card needs an internal owner lane")
        elif owner is not None:
            raise ValueError(f"{touchpoint_id}: a card in an owner lane is owned by that lane")
        self.touchpoints[touchpoint_id] = Touchpoint(
            id=touchpoint_id,
            title=title,
            stage_id=stage,
            lane_id=lane,
            owner_id=owner,
            order=self._cell_size(stage, lane, self.hidden) if order is None else order,
            description=description,
            channel=channel,
            emotion=emotion,
            pain_points=tuple(pains),
            opportunities=tuple(opps),
            timing=timing,
            notes=notes,
        )

    def flow(
        self,
        source: str,
        target: str,
        *,
        label: str = "",
        condition: str = "",
        alternative: bool = False,
        handoff: HandoffInfo | None = None,
    ) -> str:
        """Add source -> target; a flow between two owners must say what travels with it."""
        new_id = flow_id(source, target)
        source_owner, target_owner = self.owner_of(source), self.owner_of(target)
        if (source_owner != target_owner) != (handoff is not None):
            need = "needs" if handoff is None else "must not have"
            raise ValueError(f"{new_id}: {source_owner} -> {target_owner} {need} a handoff")
        if alternative and not condition:
            raise ValueError(f"{new_id}: an alternative path needs a condition")
        self.flows[new_id] = Flow(
            id=new_id, source=source, target=target, label=label, condition=condition, alternative=alternative
        )
        if handoff is not None:
            handoff_id = f"hof-{_short(source_owner)}-{_short(target_owner)}--{_short(target)}"
            self.handoffs[handoff_id] = Handoff(
                id=handoff_id,
                flow_id=new_id,
                information=handoff.information,
                artifacts=handoff.artifacts,
                timing=handoff.timing,
                notes=handoff.notes,
            )
        return new_id

    def moment(
        self,
        moment_id: str,
        stage: str,
        title: str,
        *,
        kind: MomentKind = MomentKind.SUCCESS_MILESTONE,
        description: str,
        touchpoint: str | None = None,
        success: SuccessCriteria | None = None,
    ) -> None:
        order = sum(1 for m in self.moments.values() if m.stage_id == stage)
        if touchpoint is not None and self._get("touchpoints", touchpoint).stage_id != stage:
            raise ValueError(f"{moment_id}: its touchpoint lies in another stage")
        self.moments[moment_id] = MomentOfTruth(
            id=moment_id,
            title=title,
            stage_id=stage,
            kind=kind,
            order=order,
            description=description,
            touchpoint_id=touchpoint,
            success_criteria=success or SuccessCriteria(),
        )

    def add_playbook(self, element: Playbook) -> None:
        self.playbooks[element.id] = element

    def build(self) -> Journey:
        return Journey(
            stages=self.stages,
            lanes=self.lanes,
            touchpoints=self.touchpoints,
            moments=self.moments,
            flows=self.flows,
            handoffs=self.handoffs,
            playbooks=self.playbooks,
        )


class SegmentBuilder:
    """A segment of a core journey: additions go through a child builder, changes record their base."""

    def __init__(
        self,
        core: JourneyBuilder,
        segment_id: str,
        name: str,
        *,
        lead: str,
        description: str,
        personas: Sequence[str],
    ) -> None:
        self.core = core
        self.segment_id = segment_id
        self.name = name
        self.lead = lead
        self.description = description
        self.personas = tuple(personas)
        self.hidden: set[str] = set()
        self.add = JourneyBuilder(parent=core, hidden=self.hidden)
        self.changed: dict[str, dict[str, dict[str, FieldOverride]]] = {c: {} for c in SEGMENT_COLLECTIONS}

    def hide(self, *element_ids: str) -> None:
        """Hide core touchpoints, flows, handoffs or playbooks (flows touching a hidden card go too)."""
        for element_id in element_ids:
            if not any(element_id in getattr(self.core, c) for c in SEGMENT_COLLECTIONS):
                raise KeyError(f"{self.segment_id}: cannot hide unknown core element {element_id!r}")
            self.hidden.add(element_id)

    def change(self, collection: str, element_id: str, **fields: Any) -> None:
        """Override fields of a core element; the base is the core's current value."""
        element = getattr(self.core, collection)[element_id]
        per_field = self.changed[collection].setdefault(element_id, {})
        for field, value in fields.items():
            base = getattr(element, field)
            if isinstance(value, list):
                value = tuple(value)
            if value == base:
                raise ValueError(f"{self.segment_id}: {element_id}.{field} is unchanged")
            per_field[field] = FieldOverride(value=value, base=base)

    def build(self) -> Segment:
        return Segment(
            id=self.segment_id,
            name=self.name,
            description=self.description,
            lead=self.lead,
            persona_ids=self.personas,
            added=SegmentAdditions(
                touchpoints=self.add.touchpoints,
                flows=self.add.flows,
                handoffs=self.add.handoffs,
                playbooks=self.add.playbooks,
            ),
            hidden=set(self.hidden),
            changed=SegmentChanges(**self.changed),
        )


def make_workspace(
    name: str,
    description: str,
    core: Journey,
    personas: Iterable[Persona] = (),
    segments: Iterable[Segment] = (),
) -> Workspace:
    channels = {cid: Channel(id=cid, name=label, icon=cid) for cid, label in CHANNELS}
    return Workspace(
        name=name,
        description=description,
        channels=channels,
        personas={p.id: p for p in personas},
        core=core,
        segments={s.id: s for s in segments},
    )


# --------------------------------------------------------------------------------------------------
# Shared B2B SaaS lanes
# --------------------------------------------------------------------------------------------------

CUST, CHAMP = "lane-customer", "lane-champion"
MKT, SALES, ONB, CSM, SUP, PROD = (
    "lane-marketing",
    "lane-sales",
    "lane-onboarding",
    "lane-csm",
    "lane-support",
    "lane-product",
)
AW, ACQ, PUR, ONBS, ADP, REN, EXP, ADV = (
    "stage-awareness",
    "stage-acquisition",
    "stage-purchase",
    "stage-onboarding",
    "stage-adoption",
    "stage-renewal",
    "stage-expansion",
    "stage-advocacy",
)


def add_b2b_lanes(jb: JourneyBuilder, *, with_product: bool) -> None:
    jb.lane(CUST, "Customer actions", CUSTOMER, "#7A7F87", "What the customer's users and admins do.")
    jb.lane(
        CHAMP,
        "Customer champion / executive sponsor",
        CUSTOMER,
        "#9C8F6B",
        "The people who buy, sponsor and defend the product inside the customer.",
    )
    jb.lane(MKT, "Marketing", INTERNAL, "#8A6D8F", "Demand generation, content, events, advocacy programmes.")
    jb.lane(SALES, "Sales", INTERNAL, "#4F7CA8", "SDRs, account executives and solutions engineers.")
    jb.lane(ONB, "Onboarding", INTERNAL, "#4F8C8C", "Onboarding managers: from signature to first value.")
    jb.lane(CSM, "Customer Success (CSM)", INTERNAL, "#3F7D5A", "Owns adoption, health, renewal and growth.")
    jb.lane(SUP, "Support", INTERNAL, "#B3824A", "Ticket-based help, within the SLA of the plan.")
    if with_product:
        jb.lane(PROD, "Product", INTERNAL, "#6A6FA0", "Self-serve product paths, in-app guidance, roadmap.")


# --------------------------------------------------------------------------------------------------
# Sample: Acme Analytics, a B2B SaaS customer journey with three segments
# --------------------------------------------------------------------------------------------------


def _sample_stages(jb: JourneyBuilder) -> None:
    jb.stage(
        AW,
        "Awareness",
        goal="Operations leaders in our ideal customer profile learn that live operational dashboards are "
        "possible without a data team, and see Acme as a credible way to get there.",
        entry=[
            "Company matches the ideal customer profile (100-5,000 employees, multi-site operations)",
            "First recorded interaction: content download, ad click, event visit or referral",
        ],
        duration="Ongoing; typically 1-3 months before the first conversion",
        kpis=[
            "Website visits from target accounts per month",
            "Benchmark report downloads from ICP companies",
            "Webinar registrations and attendance rate",
        ],
        description="First brand impression. Most of it happens before we know the person exists.",
    )
    jb.stage(
        ACQ,
        "Acquisition",
        goal="Turn interest into a qualified opportunity, or into a trial team that has seen its own "
        "data in Acme.",
        entry=[
            "Known contact with a completed form or a trial sign-up",
            "Lead score of 50 or more, or a direct demo request",
        ],
        duration="2-6 weeks",
        kpis=[
            "MQL-to-SQL conversion rate",
            "Trial activation rate (own data uploaded within 3 days)",
            "Demo-to-proposal rate",
        ],
    )
    jb.stage(
        PUR,
        "Purchase",
        goal="Agree a commercial and security-approved contract the buyer is confident about, with "
        "onboarding expectations set before signature.",
        entry=[
            "Qualified opportunity: budget, authority, need and timing confirmed",
            "Mutual action plan agreed with the champion",
        ],
        duration="2-8 weeks (the security review is the long pole)",
        kpis=["Win rate", "Sales cycle length (days)", "Security review turnaround (days)"],
        description="Sell the relationship, not just the product: every promise made here travels on "
        "to Onboarding.",
    )
    jb.stage(
        ONBS,
        "Onboarding",
        goal="Get from signature to first value: a live dashboard on the customer's own data that the "
        "team actually looks at.",
        entry=[
            "Order form signed and countersigned",
            "Sales-to-onboarding handoff form complete and accepted",
            "Kickoff date booked",
        ],
        duration="30-45 days",
        kpis=[
            "Time to first value (days from signature to first live dashboard)",
            "Onboarding completed on time (%)",
            "Onboarding CSAT",
        ],
        description="The first 90 days decide the renewal. This is where the emotion curve dips.",
    )
    jb.stage(
        ADP,
        "Adoption",
        goal="Make Acme part of the weekly operating rhythm of every licensed team.",
        entry=["First-value milestone reached", "Onboarding close-out held and the CSM introduced"],
        duration="Months 2-9",
        kpis=[
            "Weekly active users / licensed seats",
            "Dashboards viewed per week",
            "Health score",
            "Support tickets per 100 users",
        ],
    )
    jb.stage(
        REN,
        "Renewal",
        goal="Renew on time with a sponsor convinced by documented value, not by a discount.",
        entry=["120 days before the contract end date", "Health score and renewal forecast reviewed"],
        duration="90-120 days before the end of the term",
        kpis=["Gross revenue retention", "On-time renewal rate", "Renewal forecast accuracy"],
        description="A renewal reflects everything the customer achieved since day one.",
    )
    jb.stage(
        EXP,
        "Expansion",
        goal="Grow where value is proven: more teams, more seats, more modules.",
        entry=[
            "Adopted milestone reached and health score green",
            "Expansion signal: seat utilisation above 90% or a new team asking for access",
        ],
        duration="Any time after adoption; typically months 9-18",
        kpis=[
            "Net revenue retention",
            "Expansion pipeline from existing customers",
            "Seats added per account per year",
        ],
    )
    jb.stage(
        ADV,
        "Advocacy",
        goal="Turn successful customers into references, reviewers and community voices.",
        entry=["NPS of 9-10 or CSAT of 4.5 and above", "At least one documented business outcome"],
        duration="Ongoing",
        kpis=["NPS", "Active reference customers", "Reviews published per quarter", "Referral-sourced pipeline"],
    )


def _sample_touchpoints_before_signature(jb: JourneyBuilder) -> None:
    jb.touchpoint(
        "tp-aw-benchmark-report", AW, MKT, "Ops reporting benchmark report",
        channel="web", emotion=1,
        description="Gated annual report comparing how 400 operations teams report on-time delivery, "
        "scrap rate and labour utilisation. The entry point for most inbound leads.",
        pains=["The form asks for nine fields before the download"],
        opps=["Cut the form to four fields and enrich the rest from the company domain"],
        timing="Evergreen; refreshed every January",
    )
    jb.touchpoint(
        "tp-aw-linkedin-post", AW, MKT, "LinkedIn posts and retargeting ads",
        channel="social", emotion=0,
        description="Short before/after posts of a weekly ops report; retargeting ads to visitors of the "
        "benchmark page.",
        pains=["Generic 'data-driven' messaging blends in with every competitor"],
        opps=["Lead with customer numbers: '6 hours of reporting saved every week'"],
        timing="3 posts a week",
    )
    jb.touchpoint(
        "tp-aw-webinar", AW, MKT, "Webinar: from spreadsheets to live ops dashboards",
        channel="webinar", emotion=1,
        description="Monthly 45-minute webinar with a customer guest; the last 15 minutes demo Acme on a "
        "realistic warehouse dataset.",
        pains=["The time slot excludes APAC attendees"],
        opps=["Send the recording with chapters to every registrant"],
        timing="Monthly, second Thursday",
    )
    jb.touchpoint(
        "tp-aw-nurture-email", AW, MKT, "Nurture email sequence",
        channel="email", emotion=0,
        description="Five emails over three weeks: benchmark highlights, a customer story, a KPI template, "
        "an ROI calculator and a demo invitation.",
        pains=["The same sequence goes to a 40-person distributor and a 4,000-person manufacturer"],
        opps=["Branch the sequence on company size and industry"],
        timing="Days 1, 4, 8, 14 and 21 after the first conversion",
    )
    jb.touchpoint(
        "tp-aw-peer-review", AW, CUST, "Reads peer reviews and asks peers",
        owner=MKT, channel="web", emotion=1,
        description="The Head of Operations checks G2 and asks two peers in an industry Slack group "
        "before talking to any vendor.",
        pains=["Few reviews mention multi-site manufacturing"],
        opps=["Invite happy manufacturing customers to review (see Advocacy)"],
        timing="Before first contact; invisible to us",
        notes="Marketing owns this moment through the review programme, even though we are not in the room.",
    )
    jb.touchpoint(
        "tp-acq-pricing-page", ACQ, CUST, "Compares plans on the pricing page",
        owner=MKT, channel="web", emotion=0,
        description="Compares Team, Business and Enterprise plans; looks for what counts as a seat.",
        pains=[
            "Enterprise price hidden behind 'Contact sales'",
            "Unclear whether viewers need a paid seat",
        ],
        opps=["Publish the seat definition and an Enterprise price range"],
    )
    jb.touchpoint(
        "tp-acq-demo-request", ACQ, CUST, "Requests a demo",
        owner=MKT, channel="web", emotion=0,
        description="Fills in the demo form: company size, ERP and warehouse systems in use, the reporting "
        "problem to solve.",
        pains=["Waits a day before anyone replies"],
        opps=["Instant calendar booking for leads that match the ICP"],
        timing="Any time; 60% of requests arrive after a webinar or nurture email",
    )
    jb.touchpoint(
        "tp-acq-free-trial", ACQ, CUST, "Starts a 14-day free trial",
        owner=PROD, channel="in-app", emotion=1,
        description="Self-serve sign-up with a sample dataset preloaded; invites two colleagues.",
        pains=["The sample data does not look like their own operations"],
        opps=["Offer a CSV upload of their own data in the first session"],
        timing="Trial days 1-14",
    )
    jb.touchpoint(
        "tp-acq-sdr-discovery", ACQ, SALES, "SDR discovery call",
        channel="call", emotion=0,
        description="20-minute call to confirm the reporting pain, the data sources (ERP, WMS, spreadsheets), "
        "team size and timing.",
        pains=["The prospect repeats what they already wrote in the form"],
        opps=["Show the form answers on screen and start from there"],
        timing="Within 1 business day of the request",
        notes="Qualify on data-source access as well as BANT: no access to an extract means no demo on own data.",
    )
    jb.touchpoint(
        "tp-acq-tailored-demo", ACQ, SALES, "Tailored demo on a sample of their data",
        channel="meeting", emotion=2,
        description="A solutions engineer builds the prospect's top three KPIs from an anonymised extract "
        "and walks the buying group through them.",
        pains=["Preparing the extract takes the prospect's analyst a week"],
        opps=["An extract template per ERP (SAP, NetSuite, Dynamics)"],
        timing="1-2 weeks after discovery",
    )
    jb.touchpoint(
        "tp-acq-trial-checklist", ACQ, PROD, "In-trial checklist and nudges",
        channel="in-app", emotion=1,
        description="Guided checklist: upload data, build a first chart, share a dashboard. An email nudge "
        "goes out when a step stalls for two days.",
        pains=["The checklist ignores users who arrived from a demo and already know the basics"],
        opps=["Hide steps already completed and skip the tour for invited colleagues"],
        timing="Trial days 1-14",
    )
    jb.touchpoint(
        "tp-pur-proposal", PUR, SALES, "Proposal and mutual action plan",
        channel="email", emotion=0,
        description="Proposal with seat tiers and the onboarding package, plus a mutual action plan that "
        "lists every step to a signed order and a kickoff date.",
        pains=["The buyer cannot see the total cost including onboarding on one page"],
        opps=["A one-page price summary the champion can forward to finance"],
        timing="Within 3 days of the demo",
    )
    jb.touchpoint(
        "tp-pur-security-review", PUR, SALES, "Security review and SSO check",
        channel="email", emotion=-1,
        description="The customer's IT sends a security questionnaire; a solutions engineer answers it with "
        "the trust portal, the SOC 2 report and the SSO/SCIM documentation.",
        pains=[
            "A 200-question questionnaire takes 2-3 weeks",
            "IT asks questions the trust portal already answers",
        ],
        opps=["Pre-filled SIG Lite and CAIQ answers in the trust portal"],
        timing="Weeks 1-3 of the purchase stage",
    )
    jb.touchpoint(
        "tp-pur-legal-procurement", PUR, SALES, "Contract redlines and procurement",
        channel="email", emotion=-1,
        description="Order form and terms negotiation, data processing agreement, vendor set-up in the "
        "customer's procurement system.",
        pains=["Vendor onboarding asks for the security answers a second time"],
        opps=["A standard DPA pre-approved by our legal team"],
        timing="Weeks 2-5 of the purchase stage",
    )
    jb.touchpoint(
        "tp-pur-order-signed", PUR, CHAMP, "Signs the order form",
        owner=SALES, channel="email", emotion=1,
        description="The executive sponsor signs by e-signature; the champion hears the kickoff date the "
        "same day.",
        pains=["Nobody tells the champion what happens next"],
        opps=["Send a 'what happens next' note with the countersigned order"],
    )
    jb.touchpoint(
        "tp-pur-self-serve-checkout", PUR, CUST, "Upgrades from the trial at checkout",
        owner=PROD, channel="web", emotion=1,
        description="Card checkout for up to 10 seats on the Team plan, monthly or annual billing. The trial "
        "workspace is kept.",
        pains=["Cannot pay by invoice below 10 seats"],
        opps=["Offer invoice billing for annual Team plans"],
        timing="Trial day 10-14, or whenever the trial team is convinced",
    )
    jb.touchpoint(
        "tp-pur-welcome-email", PUR, ONB, "Welcome email and kickoff booking",
        channel="email", emotion=1,
        description="The named onboarding manager sends a welcome with the onboarding plan and a link to "
        "book the kickoff.",
        pains=["Arrives while the customer is still busy with procurement paperwork"],
        opps=["Let the champion pick the kickoff slot before signature"],
        timing="Within 1 business day of signature",
    )


def _sample_touchpoints_after_signature(jb: JourneyBuilder) -> None:
    jb.touchpoint(
        "tp-onb-kickoff-call", ONBS, ONB, "Kickoff call",
        channel="meeting", emotion=1,
        description="60-minute video kickoff with sponsor, champion and IT admin: goals, success plan draft, "
        "data sources, roles and timeline.",
        pains=["The sponsor sends a delegate who cannot confirm goals"],
        opps=["Ask the account executive to secure the sponsor's slot before signature"],
        timing="Within 5 business days of signature",
        notes="Do not run the kickoff without the sponsor; reschedule instead.",
    )
    jb.touchpoint(
        "tp-onb-config-workshop", ONBS, ONB, "Dashboard design workshop",
        channel="meeting", emotion=1,
        description="2-hour working session that turns the three business outcomes of the success plan into "
        "KPIs, dashboards and alert rules.",
        pains=["Teams want to rebuild every legacy report instead of the three that matter"],
        opps=["Start from the industry KPI templates"],
        timing="Week 2-3",
    )
    jb.touchpoint(
        "tp-onb-analyst-training", ONBS, ONB, "Analyst training and certification",
        channel="webinar", emotion=1,
        description="Two live sessions for editors (build, share, alert) and a short certification in the "
        "Acme Academy.",
        pains=["Training before the data is live feels abstract"],
        opps=["Train on the customer's own first dashboard"],
        timing="Week 4-5",
    )
    jb.touchpoint(
        "tp-onb-success-plan", ONBS, CHAMP, "Agrees the success plan",
        owner=ONB, channel="email", emotion=1,
        description="Champion and sponsor sign off the success plan: three business outcomes with baselines "
        "and targets, named users and dates.",
        pains=["Baselines are unknown: nobody measured the old process"],
        opps=["Offer a baseline worksheet with the kickoff pre-read"],
        timing="Within 24 hours of the kickoff",
    )
    jb.touchpoint(
        "tp-onb-sso-setup", ONBS, CUST, "IT admin sets up SSO and provisioning",
        owner=ONB, channel="in-app", emotion=-1,
        description="The IT admin configures SAML single sign-on and SCIM user provisioning.",
        pains=["The SCIM guide assumes Okta; the Azure AD steps are missing"],
        opps=["Step-by-step guides for Azure AD and Google Workspace"],
        timing="Week 1",
    )
    jb.touchpoint(
        "tp-onb-data-connection", ONBS, CUST, "Connects the first data source",
        owner=ONB, channel="in-app", emotion=-2,
        description="Connects the ERP or warehouse database through the connector and picks the tables to "
        "sync.",
        pains=[
            "Firewall allow-listing takes days and needs a change request",
            "Unclear which tables hold the numbers the old report used",
        ],
        opps=["A pre-flight network check before the session", "Table suggestions per ERP"],
        timing="Week 1-2",
        notes="The lowest point of the journey. Most onboarding delays start here.",
    )
    jb.touchpoint(
        "tp-onb-first-dashboard", ONBS, CUST, "First dashboard goes live",
        owner=ONB, channel="in-app", emotion=2,
        description="The first dashboard on production data is published and shared with the team.",
        pains=["Numbers differ slightly from the old spreadsheet and trust wobbles"],
        opps=["A reconciliation view that explains every difference"],
        timing="Day 21-30",
    )
    jb.touchpoint(
        "tp-onb-connector-ticket", ONBS, SUP, "Connector troubleshooting ticket",
        channel="email", emotion=-1,
        description="Support diagnoses a failed sync: credentials, network, schema changes or timeouts.",
        pains=["The customer has to explain the set-up again to a new person"],
        opps=["Tickets opened from the onboarding project carry its context automatically"],
        timing="Within the 4-hour first-response SLA",
    )
    jb.touchpoint(
        "tp-adp-csm-intro", ADP, CSM, "Onboarding close-out and CSM introduction",
        channel="call", emotion=1,
        description="Joint call: the onboarding manager recaps what is live and the CSM takes over with the "
        "adoption plan.",
        pains=["Customers fear losing the person they trusted during onboarding"],
        opps=["The CSM joins the last two onboarding calls before the handover"],
        timing="Day 30-45",
    )
    jb.touchpoint(
        "tp-adp-health-check", ADP, CSM, "60-day health check",
        channel="call", emotion=0,
        description="Review of usage by team, open tickets and progress against the success plan.",
        pains=["Feels like a status meeting when there is nothing new"],
        opps=["Always bring one insight from their own data"],
        timing="60 days after go-live, then every quarter",
    )
    jb.touchpoint(
        "tp-adp-low-usage-play", ADP, CSM, "Low-usage recovery play",
        channel="call", emotion=-1,
        description="Targeted re-training and a usage agreement with the champion when adoption stalls.",
        pains=["The champion feels blamed for low usage"],
        opps=["Frame it as removing blockers, with one concrete fix per team"],
        timing="Within a week of the health score turning red",
    )
    jb.touchpoint(
        "tp-adp-support-welcome", ADP, SUP, "Support welcome: SLAs and how to get help",
        channel="email", emotion=0,
        description="Who may open tickets, response times for the plan, the status page and the help center.",
        pains=["Sent to the buyer, not to the people who will need help"],
        opps=["Send it to every editor when they are invited"],
        timing="At the CSM introduction",
    )
    jb.touchpoint(
        "tp-adp-usage-digest", ADP, PROD, "Weekly usage digest",
        channel="email", emotion=1,
        description="Monday email to admins and champions: active users per team, most-viewed dashboards, "
        "alerts triggered.",
        pains=["Digests for inactive teams go unread"],
        opps=["Suggest one next step per team in the digest"],
        timing="Every Monday, 07:00 local time",
    )
    jb.touchpoint(
        "tp-adp-weekly-usage", ADP, CUST, "Team runs the weekly ops meeting from Acme",
        owner=CSM, channel="in-app", emotion=2,
        description="Site managers open the shared dashboard in the Monday operations meeting instead of the "
        "emailed spreadsheet.",
        pains=["Some sites still send their own spreadsheet 'just in case'"],
        opps=["Retire the spreadsheet on an agreed date"],
        timing="Weekly",
    )
    jb.touchpoint(
        "tp-adp-help-center", ADP, CUST, "Searches the help center or opens a ticket",
        owner=SUP, channel="web", emotion=-1,
        description="A user gets stuck on a calculated field and looks for an answer before opening a ticket.",
        pains=["Help articles show the old editor"],
        opps=["Contextual help links inside the formula editor"],
        timing="Whenever a user is stuck",
    )
    jb.touchpoint(
        "tp-adp-qbr", ADP, CHAMP, "Quarterly business review",
        owner=CSM, channel="business-review", emotion=1,
        description="Outcomes against the success plan, adoption by team, roadmap preview and the plan for "
        "the next quarter.",
        pains=["Too many usage charts, too little business impact"],
        opps=["Open with the sponsor's own KPI, moved"],
        timing="Quarterly",
    )
    jb.touchpoint(
        "tp-ren-forecast-review", REN, CSM, "Renewal forecast review",
        channel="meeting", emotion=0,
        description="Internal review of health, sponsor engagement, value delivered and commercial risk; "
        "sets the renewal forecast.",
        timing="120 days before the end of the term",
        notes="Internal only: the customer never sees this meeting, but feels its result.",
    )
    jb.touchpoint(
        "tp-ren-save-play", REN, CSM, "Executive save play",
        channel="call", emotion=-2,
        description="VP Customer Success and the sponsor agree a 60-day recovery plan with dated commitments "
        "on both sides.",
        pains=["The customer feels they are only called when renewal money is at stake"],
        opps=["Trigger the play from the health score months earlier"],
        timing="Within 2 weeks of the forecast review",
    )
    jb.touchpoint(
        "tp-ren-value-review", REN, CHAMP, "Executive value review",
        owner=CSM, channel="business-review", emotion=1,
        description="The sponsor sees the year in numbers: outcomes against baselines, hours saved, teams "
        "live, and a proposal for next year.",
        pains=["The sponsor cannot find the hour before the budget is set"],
        opps=["A two-page value summary the sponsor can forward"],
        timing="100 days before the end of the term",
    )
    jb.touchpoint(
        "tp-ren-budget-approval", REN, CHAMP, "Sponsor secures budget approval",
        owner=SALES, channel="email", emotion=-1,
        description="The sponsor takes the renewal to finance, with the value summary as justification.",
        pains=["Finance asks for a discount by default"],
        opps=["Multi-year pricing that protects the budget"],
        timing="60-90 days before the end of the term",
    )
    jb.touchpoint(
        "tp-ren-renewal-quote", REN, SALES, "Renewal quote and terms",
        channel="email", emotion=-1,
        description="The account executive sends the renewal quote with any price change explained.",
        pains=["A price uplift arrives as a surprise"],
        opps=["Announce the uplift at the value review, with the value next to it"],
        timing="90 days before the end of the term",
    )
    jb.touchpoint(
        "tp-ren-renewal-signed", REN, CUST, "Renewal signed",
        owner=SALES, channel="email", emotion=1,
        description="Procurement issues the purchase order and the renewal is countersigned.",
        pains=["The PO process restarts vendor onboarding questions"],
        opps=["Keep vendor documents current in the trust portal"],
        timing="Before the end of the term",
    )
    jb.touchpoint(
        "tp-exp-expansion-signal", EXP, CSM, "CSM raises an expansion signal",
        channel="call", emotion=1,
        description="Seats are above 90% or another department asked for access; the CSM explores the need "
        "with the champion.",
        pains=["Feels like a sales pitch if it comes without a reason"],
        opps=["Lead with the request the CSM heard from the new team"],
        timing="When seat utilisation passes 90% or a new team asks",
    )
    jb.touchpoint(
        "tp-exp-use-case-workshop", EXP, CSM, "Use-case workshop with a new department",
        channel="meeting", emotion=1,
        description="A 90-minute workshop with the next department (e.g. procurement or finance) to define "
        "its KPIs and data sources.",
        pains=["The new department has no champion yet"],
        opps=["Invite the existing champion to present their results"],
        timing="Within 2 weeks of the signal",
    )
    jb.touchpoint(
        "tp-exp-module-preview", EXP, PROD, "Early access to the Forecasting module",
        channel="in-app", emotion=2,
        description="A 30-day preview of demand forecasting on the customer's own history, with a product "
        "manager on hand.",
        pains=["Forecasts need two years of clean history"],
        opps=["Show forecast accuracy on their data before any price talk"],
        timing="30 days",
    )
    jb.touchpoint(
        "tp-exp-expansion-proposal", EXP, SALES, "Expansion proposal",
        channel="meeting", emotion=0,
        description="Seats for the new team and/or the Forecasting module, co-presented by the account "
        "executive and the CSM.",
        pains=["A separate contract with its own end date"],
        opps=["Co-term the expansion with the main contract"],
        timing="Within 1 week of the workshop or preview",
    )
    jb.touchpoint(
        "tp-exp-expansion-signed", EXP, CHAMP, "Expansion order signed",
        owner=SALES, channel="email", emotion=1,
        description="The new budget owner signs the co-termed expansion order.",
        pains=["Two sponsors now need to be kept informed"],
        opps=["One joint account plan for both departments"],
    )
    jb.touchpoint(
        "tp-adv-nps-survey", ADV, CUST, "Answers the NPS survey",
        owner=CSM, channel="email", emotion=1,
        description="Twice-yearly NPS survey to every active user, with one open question.",
        pains=["Nobody replies to their comment"],
        opps=["The CSM answers every comment within a week"],
        timing="Every 6 months",
    )
    jb.touchpoint(
        "tp-adv-community-answers", ADV, CUST, "Answers peers in the Acme community",
        owner=MKT, channel="community", emotion=2,
        description="Power users answer questions and share dashboard templates in the community.",
        pains=["Contributions go unrecognised"],
        opps=["Community champion badges and an annual award"],
        timing="Ongoing",
    )
    jb.touchpoint(
        "tp-adv-g2-review", ADV, CUST, "Writes a G2 review",
        owner=MKT, channel="web", emotion=1,
        description="A promoter writes a review, closing the loop with the peer reviews read in Awareness.",
        pains=["The review form is long"],
        opps=["Ask right after a celebrated milestone"],
        timing="Within a month of a promoter score",
    )
    jb.touchpoint(
        "tp-adv-case-study", ADV, MKT, "Co-authored case study",
        channel="web", emotion=2,
        description="A case study with the customer's numbers: hours saved, on-time delivery improved.",
        pains=["Legal approval on the customer side takes months"],
        opps=["Offer an anonymised version first"],
        timing="6-8 weeks from interview to publication",
    )
    jb.touchpoint(
        "tp-adv-reference-call", ADV, CHAMP, "Reference calls and conference talk",
        owner=MKT, channel="meeting", emotion=2,
        description="The champion takes reference calls from prospects and speaks at the user conference.",
        pains=["Too many reference requests for the same few customers"],
        opps=["A reference pool with a fair-use limit per quarter"],
        timing="At most one reference call a month",
    )
    jb.touchpoint(
        "tp-adv-advisory-board", ADV, PROD, "Customer advisory board seat",
        channel="meeting", emotion=2,
        description="Twice-yearly advisory board where customers shape the roadmap with the product team.",
        pains=["Feedback disappears without a visible outcome"],
        opps=["Report back what shipped because of the board"],
        timing="Twice a year",
    )
