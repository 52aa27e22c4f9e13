"""The rules that look across fields and sections of a profile that is well formed field by field: unique ids,
references between sections (a routing rule naming a contact, a plan row naming a duty), form consistency."""

from __future__ import annotations

from collections.abc import Iterable

from prevent_desktop.domain.profile.errors import Loc, Problem
from prevent_desktop.domain.profile.model import Profile
from prevent_desktop.domain.profile.referral_form import ReferralForm
from prevent_desktop.domain.profile.routing import Routing, named_parties

# The kinds of field whose answer can also be an Annex B2 point's (a point's answer is text).
SHAREABLE_KINDS = frozenset({"text", "longtext", "yesno_text"})


class _Problems:
    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, loc: Loc, message: str) -> None:
        self.found.append(Problem(loc, message))

    def unique(self, items: Iterable[tuple[Loc, str]], what: str) -> None:
        """``items`` are (path, key) pairs; every repeat is reported at its own path."""
        seen: set[str] = set()
        for loc, key in items:
            if key in seen:
                self.add(loc, f"duplicate {what} {key!r}")
            seen.add(key)

    def refs(self, loc: Loc, values: tuple[str, ...], known: set[str], what: str) -> None:
        for i, v in enumerate(values):
            if v not in known:
                self.add((*loc, i), f"no {what} with id {v!r}")


def cross_checks(p: Profile) -> list[Problem]:
    c = _Problems()
    c.unique(((("policy", "changes", i, "serial"), str(ch.serial)) for i, ch in enumerate(p.policy.changes)), "serial")
    c.unique(((("duties", i, "id"), d.id) for i, d in enumerate(p.duties)), "duty id")
    c.unique(((("contact_groups", i, "id"), g.id) for i, g in enumerate(p.contact_groups)), "group id")
    group_ids = {g.id for g in p.contact_groups}
    for i, ct in enumerate(p.contacts):
        if ct.group not in group_ids:
            c.add(("contacts", i, "group"), f"no contact group with id {ct.group!r}")
    c.unique(((("contacts", i, "id"), ct.id) for i, ct in enumerate(p.contacts)), "contact id")
    _routing(c, p.routing, {ct.id for ct in p.contacts})
    _form(c, p.referral_form)
    duty_ids = {d.id for d in p.duties}
    for i, row in enumerate(p.action_plan.rows):
        c.refs(("action_plan", "rows", i, "duties"), row.duties, duty_ids, "duty")
    c.unique(((("action_plan", "rows", i, "no"), str(r.no)) for i, r in enumerate(p.action_plan.rows)), "row number")
    c.unique(
        ((("associated_policies", i, "name"), a.name) for i, a in enumerate(p.associated_policies)), "policy name"
    )
    items = p.concern_categories.items
    c.unique(((("concern_categories", "items", i, "id"), x.id) for i, x in enumerate(items)), "category id")
    return c.found


def _routing(c: _Problems, r: Routing, contact_ids: set[str]) -> None:
    for what, roles in (("subject_roles", r.subject_roles), ("raiser_roles", r.raiser_roles)):
        c.unique(((("routing", what, i, "id"), x.id) for i, x in enumerate(roles)), "role id")
    subject_ids = {x.id for x in r.subject_roles}
    raiser_ids = {x.id for x in r.raiser_roles}
    for i, s in enumerate(r.situations):
        loc: Loc = ("routing", "situations", i)
        if not s.contacts:
            c.add((*loc, "contacts"), "must name at least one contact")
        c.refs((*loc, "contacts"), s.contacts, contact_ids, "contact")
        c.refs((*loc, "out_of_hours_contacts"), s.out_of_hours_contacts, contact_ids, "contact")
    c.unique(((("routing", "situations", i, "id"), s.id) for i, s in enumerate(r.situations)), "situation id")
    for i, rule in enumerate(r.rules):
        loc = ("routing", "rules", i)
        c.refs((*loc, "subject_roles"), rule.subject_roles, subject_ids, "subject role")
        c.refs((*loc, "raised_by"), rule.raised_by, raiser_ids, "raiser role")
        c.refs((*loc, "contacts"), rule.contacts, contact_ids, "contact")
    c.unique(((("routing", "rules", i, "id"), x.id) for i, x in enumerate(r.rules)), "rule id")
    c.refs(("routing", "always", "contacts"), r.always.contacts, contact_ids, "contact")
    # Every party named in words has an entry naming the contacts that reach it (policy 3.7, 3.10, 3.11: the HR
    # Advisor and the Kent Police Prevent Team must be callable from the app, not only named).
    c.unique(((("routing", "parties", i, "name"), p.name) for i, p in enumerate(r.parties)), "party")
    for i, p in enumerate(r.parties):
        if not p.contacts:
            c.add(("routing", "parties", i, "contacts"), "must name at least one contact")
        c.refs(("routing", "parties", i, "contacts"), p.contacts, contact_ids, "contact")
    known = {p.name for p in r.parties}
    for loc, name in named_parties(r):
        if name not in known:
            c.add(loc, f"{name!r} has no entry in routing.parties (name the contacts that reach it)")


def _form(c: _Problems, form: ReferralForm) -> None:
    field_ids: list[tuple[Loc, str]] = []
    for i, sec in enumerate(form.sections):
        for j, fld in enumerate(sec.fields):
            loc: Loc = ("referral_form", "sections", i, "fields", j)
            field_ids.append(((*loc, "id"), fld.id))
            if fld.kind == "choice" and not fld.choices:
                c.add((*loc, "choices"), "a choice field needs at least one choice")
            elif fld.kind != "choice" and fld.choices:
                c.add((*loc, "choices"), "only a choice field has choices")
    c.unique(((("referral_form", "sections", i, "id"), s.id) for i, s in enumerate(form.sections)), "section id")
    c.unique(field_ids, "field id")
    kinds = {f.id: f.kind for s in form.sections for f in s.fields}
    for i, sec in enumerate(form.sections):
        for j, fld in enumerate(sec.fields):
            loc = ("referral_form", "sections", i, "fields", j)
            for key, ref in (("applies_if_blank", fld.applies_if_blank), ("applies_if_yes", fld.applies_if_yes)):
                if ref and (ref not in kinds or ref == fld.id):
                    c.add((*loc, key), f"no other field of the form with id {ref!r}")
            if fld.applies_if_yes in kinds and kinds[fld.applies_if_yes] != "yesno_text":
                c.add((*loc, "applies_if_yes"), f"{fld.applies_if_yes!r} is not a yes/no field (kind yesno_text)")
    fields = {f.id: f for s in form.sections for f in s.fields}
    for i, pt in enumerate(form.points):
        if pt.no != i + 1:
            c.add(("referral_form", "points", i, "no"), f"expected {i + 1} (points are numbered in order)")
        if not pt.answer_from:
            continue
        loc = ("referral_form", "points", i, "answer_from")
        source = fields.get(pt.answer_from)
        if source is None:
            c.add(loc, f"no field of the form with id {pt.answer_from!r}")
        elif source.kind not in SHAREABLE_KINDS:
            c.add(loc, f"{pt.answer_from!r} is a {source.kind} field; a point's answer is text "
                       f"(kind {', '.join(sorted(SHAREABLE_KINDS))})")
        elif (source.under18_only and not pt.under18_only) or source.soldier_only:
            # The point would be asked of someone the field is never asked of, so it could never be answered.
            c.add(loc, f"{pt.answer_from!r} is asked of fewer people than this point is")
