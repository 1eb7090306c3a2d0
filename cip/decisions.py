"""The registry of what a board decision can decide, and of the papers an agenda item can concern.

Apps plug their records into board governance from their AppConfig.ready():

    from cip import decisions

    decisions.register(
        key="brief_agree",                      # one of board.models.Decision.Kind
        label="Agree a design brief",
        model="briefs.DesignBrief",             # the model of the record decided
        candidates=lambda partnership: partnership.design_briefs.all(),
        apply=agree_brief,                      # apply(*, decision, record, user) -> None
    )
    decisions.register_paper(
        model="briefs.DesignBrief",
        label="Design brief",
        candidates=lambda partnership: partnership.design_briefs.all(),
    )

`candidates(partnership)` returns the records of that partnership that may be decided (or be a
paper); a record outside it is refused. `apply` is called inside the transaction that saves the
decision, for every outcome (approved, deferred, rejected), and moves the record's state as it
should; raising django.core.exceptions.ValidationError refuses the decision and nothing is saved.
The service that records decisions is board.services.decision_record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from cip.models import Partnership

# The keys of Decision.Kind (board/models.py), kept here so registration can be checked
# without importing models while apps are still loading.
KIND_KEYS: tuple[str, ...] = (
    "brief_agree",
    "business_case_approve",
    "contract_approve",
    "continuation",
    "secondment_extend",
    "other",
)


@dataclass(frozen=True)
class DecisionKind:
    key: str  # one of Decision.Kind values
    label: str
    model: str | None  # "briefs.DesignBrief": the model of the record decided; None for "other"
    candidates: Callable[[Partnership], QuerySet] | None  # records that may be decided
    apply: Callable[..., None] | None  # apply(*, decision, record, user); ValidationError refuses

    def model_class(self):
        if self.model is None:
            return None
        from django.apps import apps

        return apps.get_model(self.model)


@dataclass(frozen=True)
class Paper:
    model: str  # "briefs.DesignBrief"
    label: str  # "Design brief"
    candidates: Callable[[Partnership], QuerySet]

    def model_class(self):
        from django.apps import apps

        return apps.get_model(self.model)


_KINDS: dict[str, DecisionKind] = {}
_PAPERS: dict[str, Paper] = {}


def _check_model_label(model: str | None) -> None:
    if model is not None and (model.count(".") != 1 or not all(model.split("."))):
        raise ValueError(f"model must be 'app_label.ModelName', not {model!r}")


def register(
    *,
    key: str,
    label: str,
    model: str | None,
    candidates: Callable[[Partnership], QuerySet] | None,
    apply: Callable[..., Any] | None,
) -> None:
    """Declare how a decision of kind `key` finds and moves its record. Registering the same key
    again replaces the earlier entry (so a reloaded app does not fail)."""
    if key not in KIND_KEYS:
        raise ValueError(f"Unknown decision kind {key!r}; expected one of {', '.join(KIND_KEYS)}")
    _check_model_label(model)
    if (model is None) != (candidates is None):
        raise ValueError("model and candidates are given together, or both are None")
    _KINDS[key] = DecisionKind(
        key=key, label=label, model=model, candidates=candidates, apply=apply
    )


def kinds() -> dict[str, DecisionKind]:
    """The registered kinds, in the order of Decision.Kind."""
    return {key: _KINDS[key] for key in KIND_KEYS if key in _KINDS}


def register_paper(
    *, model: str, label: str, candidates: Callable[[Partnership], QuerySet]
) -> None:
    """Declare a kind of record that an agenda item may concern (a brief, a bid, a report)."""
    _check_model_label(model)
    _PAPERS[model] = Paper(model=model, label=label, candidates=candidates)


def papers() -> dict[str, Paper]:
    """The registered papers, keyed by model label ("briefs.DesignBrief")."""
    return dict(_PAPERS)
