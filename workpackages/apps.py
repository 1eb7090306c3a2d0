from django.apps import AppConfig


class WorkpackagesConfig(AppConfig):
    name = "workpackages"

    def ready(self):
        from cip import decisions
        from workpackages.services import contract_approve

        decisions.register(
            key="contract_approve",
            label="Approve a tier-2 delivery contract",
            model="workpackages.DeliveryContract",
            candidates=lambda partnership: _contracts(partnership).filter(status="draft"),
            apply=contract_approve,
        )
        decisions.register_paper(
            model="workpackages.WorkPackage",
            label="Work package",
            candidates=lambda partnership: partnership.work_packages.all(),
        )
        decisions.register_paper(
            model="workpackages.DeliveryContract",
            label="Tier-2 delivery contract",
            candidates=_contracts,
        )
        from workpackages.business_cases.services import register_decisions

        register_decisions()


def _contracts(partnership):
    from workpackages.models import DeliveryContract

    return DeliveryContract.objects.filter(work_package__partnership=partnership)
