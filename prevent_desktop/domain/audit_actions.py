"""What each audit-log entry means, in words: the one table of action labels and record names.

The audit log stores a stable action id (``case.create``) and the id of the record it is about; the audit viewer
and ``audit list`` show ``ACTION_LABELS[action]`` ("Concern logged") and the record by the name a DSO knows it by
("Case PV-2026-0011"; the reference comes from the vault, ``services.audit_service.readable_entries``). Every
action the code writes must have a label here: ``tests/unit/test_audit_labels.py`` reads the source for the
actions written and fails for one without. A label never holds personal data (the entry itself holds only ids
and counts).
"""

from __future__ import annotations

from dataclasses import dataclass

ACTION_LABELS: dict[str, str] = {
    # the vault
    "vault.create": "Vault created",
    "vault.unlock": "Vault unlocked",
    "vault.unlock_failed": "Failed unlock attempts (counted while locked)",
    "vault.passphrase_change": "Passphrase changed",
    "vault.passphrase_postponed": "New passphrase postponed (after a recovery-key unlock)",
    "vault.rekey": "Recovery key replaced (vault re-encrypted)",
    "vault.restore": "Vault restored from a backup",
    "vault.rollback_detected": "Older copy of the vault found at unlock",
    "vault.rollback_accepted": "Older copy of the vault kept (the DSO's decision)",
    "backup.create": "Backup made",
    "backup.failed": "Backup failed",
    "settings.change": "Setting changed",
    # cases
    "case.create": "Concern logged",
    "case.draft_save": "Referral draft saved",
    "case.ready": "Referral marked ready",
    "case.decision": "Decision recorded",
    "case.outcome": "Outcome recorded",
    "case.review": "Review recorded",
    "case.note": "Note added",
    "case.addendum": "Addendum added",
    "case.close": "Case closed",
    "case.category": "Type of concern set",
    "category.add": "Concern category added",
    "category.rename": "Concern category renamed",
    "category.retire": "Concern category retired",
    "category.restore": "Concern category offered again",
    "case.task_add": "Task added to a case",
    "case.task_done": "Case task ticked off",
    "case.task_reopen": "Case task reopened",
    "draft.create": "Unsaved work kept as a draft",
    "draft.discard": "Draft discarded",
    "person.create": "Person added",
    "person.update": "Person's details updated",
    "cases.purge": "Closed cases deleted (retention)",
    "cases.export": "Cases exported",
    "cases.import": "Cases imported",
    "demo.fill": "Synthetic demo cases added",
    # documents
    "export.pdf": "Document saved as PDF",
    "print.pdf": "Document printed",
    # contacts
    "contact.add": "Contact added",
    "contact.update": "Contact updated",
    "contact.verify": "Contact marked verified",
    "contact.retire": "Contact retired",
    "contact.restore": "Contact restored",
    "contacts.export": "Contacts exported",
    "contacts.import": "Contacts imported",
    # action plan
    "plan.header.update": "Action plan header updated",
    "plan.rag_definition.update": "RAG definition updated",
    "plan.row.add": "Action plan row added",
    "plan.row.update": "Action plan row updated",
    "plan.row.move": "Action plan row moved",
    "plan.row.duties": "Action plan row's duties changed",
    "plan.row.retire": "Action plan row retired",
    "plan.row.restore": "Action plan row restored",
    "plan.evidence.add": "Evidence added",
    "plan.evidence.retire": "Evidence retired",
    "plan.review": "Action plan reviewed",
    "plan.export.csv": "Action plan exported (CSV)",
    # policies
    "policy.version.add": "Policy version added",
    "policy.change.add": "Summary of changes: entry added",
    "policy.change.update": "Summary of changes: entry updated",
    "policy.register.add": "Associated policy added",
    "policy.register.update": "Associated policy updated",
    "policy.register.retire": "Associated policy retired",
}

# What an entry's record is, by the ``entity`` it names (the id follows, or the case reference for a case).
ENTITY_LABELS: dict[str, str] = {
    "vault": "Vault",
    "backup": "Backup",
    "setting": "Setting",
    "case": "Case",
    "person": "Person",
    "contact": "Contact",
    "plan": "Action plan",
    "plan_header": "Action plan header",
    "plan_rag_levels": "RAG definition",
    "plan_row": "Action plan row",
    "plan_evidence": "Evidence",
    "plan_review": "Action plan review",
    "policy_version": "Policy version",
    "policy_change": "Summary-of-changes entry",
    "associated_policy": "Associated policy",
}


def action_label(action: str) -> str:
    """The words for ``action``; an id this version does not know (a newer program wrote it) reads as itself."""
    return ACTION_LABELS.get(action, action)


def record_label(entity: str, entity_id: str, *, case_ref: str = "", name: str = "") -> str:
    """ "Case PV-2026-0011", "Person 7 (PV-2026-0011)", "Setting: Automatic backups to keep", "Vault". ``case_ref``:
    the reference of the case (or, for a person, their cases'); ``name``: a setting's label. An id whose record is
    gone (a purged case) keeps its id."""
    what = ENTITY_LABELS.get(entity, entity.replace("_", " ").capitalize())
    if not entity:
        return ""
    if name:
        return f"{what}: {name}"
    if entity == "case" and case_ref:
        return f"{what} {case_ref}"
    if entity == "case" and entity_id:
        return f"{what} {entity_id} (no longer in the vault)"
    if entity == "case":
        return "Cases"  # an entry about many (an import, a purge, the demo fill)
    if not entity_id:
        return what
    return f"{what} {entity_id}" + (f" ({case_ref})" if case_ref else "")


@dataclass(frozen=True)
class AuditLine:
    """One audit entry as the viewer and ``audit list`` show it: the stored fields plus the words."""

    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    detail: str
    label: str  # "Concern logged"
    record: str  # "Case PV-2026-0011"
    case_ref: str = ""  # the case's reference when the entry is about a case ("" otherwise)
