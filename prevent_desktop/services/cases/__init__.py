"""Cases use cases, one module per concern (import the module you need; nothing is re-exported here):

* ``guidance``: the vault profile's view for a case: roles, routing, emergency numbers, the referral form.
* ``intake``: log a concern; find the person it may be about.
* ``referral_draft``: save the referral draft as it is typed, what it still needs, mark it ready.
* ``actions``: decisions, outcomes, reviews, notes, addenda, closing and reopening.
* ``attachments``: files kept with a case (encrypted in the vault, viewed from memory, saved out on request).
* ``queries``: the case list, search, the full case, a person's history, finding a case by id or reference.
* ``attention``: Home's review reminders and chase prompts (and the chase-days setting).
* ``retention``: the audited admin purge of long-closed cases.
* ``documents``: exports and prints noted in the chronology.
* ``changes``: what every change goes through (case loaded, closed and version checks, chronology entry and the
  status event it records: the one place the stored status is written, by ``domain.case_status``'s rule).

Every change is one transaction with its audit entry (ids and counts only) and, where it is an action on the
case, a chronology entry. Cases carry a ``version``: a save names the version it read, and a stale one is refused
with :class:`~prevent_desktop.domain.cases.ConcurrencyError` (nothing is overwritten).
"""
